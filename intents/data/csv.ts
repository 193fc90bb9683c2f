/** Result of parsing CSV text: rows of fields, or a parse error with its line. */
export type CsvResult = { ok: true; rows: string[][] } | { ok: false; code: "csv_unterminated_quote"; line: number };

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends); skips empty lines. */
export function parseCsv(text: string): CsvResult {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let quoteLine = 1;
  let fieldStarted = false;
  const endRow = (): void => {
    if (fieldStarted || row.length > 0) {
      row.push(field);
      rows.push(row);
    }
    row = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      quoteLine = line;
      fieldStarted = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      fieldStarted = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) return { ok: false, code: "csv_unterminated_quote", line: quoteLine };
  endRow();
  return { ok: true, rows };
}
