/** A row-major matrix stored as int8 with one float scale per row: value ≈ q × scale. */
export type Int8Rows = { values: Int8Array; scales: Float32Array; rows: number; cols: number };

/** Quantizes each row symmetrically to int8 (scale = max |value| / 127; an all-zero row gets scale 0). */
export function quantizeRows(matrix: Float32Array, rows: number, cols: number): Int8Rows {
  const values = new Int8Array(rows * cols);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let c = 0; c < cols; c++) max = Math.max(max, Math.abs(matrix[r * cols + c] ?? 0));
    const scale = Math.fround(max / 127);
    scales[r] = scale;
    if (scale === 0) continue;
    for (let c = 0; c < cols; c++)
      values[r * cols + c] = Math.max(-127, Math.min(127, Math.round((matrix[r * cols + c] ?? 0) / scale)));
  }
  return { values, scales, rows, cols };
}

/** The float matrix an {@link Int8Rows} stands for (what the ONNX graph computes with Cast and Mul). */
export function dequantizeRows(q: Int8Rows): Float32Array {
  const out = new Float32Array(q.rows * q.cols);
  for (let r = 0; r < q.rows; r++) {
    const scale = q.scales[r] ?? 0;
    for (let c = 0; c < q.cols; c++) out[r * q.cols + c] = Math.fround((q.values[r * q.cols + c] ?? 0) * scale);
  }
  return out;
}
