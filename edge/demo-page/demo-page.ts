/** Content-Security-Policy of the demo page: nothing but its own inline code and same-origin calls. */
export const DEMO_PAGE_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'";

const STYLE = `
  :root { color-scheme: light dark; --accent: #2f6fde; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; align-items: center; background: Canvas; }
  main { width: min(40rem, 100%); flex: 1; display: flex; flex-direction: column; padding: 1rem; \
box-sizing: border-box; }
  h1 { font-size: 1.1rem; margin: 0 0 .75rem; }
  #log { flex: 1; display: flex; flex-direction: column; gap: .5rem; overflow-y: auto; padding-bottom: 1rem; }
  .msg { max-width: 80%; padding: .5rem .75rem; border-radius: .9rem; white-space: pre-wrap; line-height: 1.4; }
  .msg.customer { align-self: flex-end; background: var(--accent); color: #fff; }
  .msg.bot { align-self: flex-start; background: color-mix(in srgb, CanvasText 8%, Canvas); }
  .msg.bot[data-state="streaming"]:empty::after { content: "…"; }
  .msg.bot[data-state="error"] { background: color-mix(in srgb, #d33 18%, Canvas); }
  form { display: flex; gap: .5rem; }
  input { flex: 1; padding: .6rem .75rem; border-radius: .6rem; \
border: 1px solid color-mix(in srgb, CanvasText 25%, Canvas); font: inherit; }
  button { padding: .6rem 1rem; border: 0; border-radius: .6rem; background: var(--accent); color: #fff; \
font: inherit; }
  button:disabled { opacity: .5; }
`;

// Plain browser JavaScript (no build step); it only uses textContent, so nothing central sends is parsed as HTML.
const SCRIPT = `
  const form = document.getElementById("chat-form");
  const input = document.getElementById("message");
  const send = document.getElementById("send");
  const log = document.getElementById("log");

  function bubble(kind, text) {
    const el = document.createElement("div");
    el.className = "msg " + kind;
    el.textContent = text;
    log.append(el);
    el.scrollIntoView({ block: "end" });
    return el;
  }

  function describe(problem) {
    if (!problem || typeof problem !== "object") return "Something went wrong.";
    return [problem.title, problem.detail].filter(Boolean).join(": ") || "Something went wrong.";
  }

  function finish(bot, state, text) {
    if (text !== undefined) bot.textContent = text;
    bot.dataset.state = state;
    send.disabled = false;
    input.focus();
  }

  function handle(bot, name, data) {
    if (name === "token") { bot.textContent += data.text; bot.scrollIntoView({ block: "end" }); return false; }
    if (name === "done") {
      document.body.dataset.conversationId = data.conversationId;
      // The conversation token is what lets this tab continue the conversation; each reply carries a fresh one.
      if (data.conversationToken) remember(data.conversationToken);
      finish(bot, "done", data.reply.text);
      return true;
    }
    if (name === "error") { finish(bot, "error", describe(data)); return true; }
    return false;
  }

  async function readEvents(response, bot) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\\r\\n?/g, "\\n");
      let end;
      while ((end = buffer.indexOf("\\n\\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = "message";
        const data = [];
        for (const line of block.split("\\n")) {
          if (line.startsWith("event:")) name = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length && handle(bot, name, JSON.parse(data.join("\\n")))) { reader.cancel().catch(() => {}); return; }
      }
    }
    finish(bot, "error", "The connection closed before the reply was complete.");
  }

  const TOKEN_KEY = "frontdesk.conversationToken";
  function storedToken() {
    try { return sessionStorage.getItem(TOKEN_KEY); } catch { return null; }
  }
  function remember(token) {
    try { if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY); } catch {}
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || send.disabled) return;
    input.value = "";
    send.disabled = true;
    bubble("customer", text);
    const bot = bubble("bot", "");
    bot.dataset.state = "streaming";
    const headers = { "Content-Type": "application/json", Accept: "text/event-stream" };
    const token = storedToken();
    if (token) headers.Authorization = "Bearer " + token;
    try {
      const response = await fetch("/v1/chat", { method: "POST", headers, body: JSON.stringify({ text }) });
      const type = response.headers.get("Content-Type") || "";
      if (response.ok && type.startsWith("text/event-stream")) await readEvents(response, bot);
      else {
        const problem = await response.json().catch(() => null);
        // An expired or unknown token: forget it, so the next message starts a new conversation.
        if (response.status === 401) { remember(null); delete document.body.dataset.conversationId; }
        finish(bot, "error", describe(problem));
      }
    } catch (error) {
      finish(bot, "error", "Network error: " + (error && error.message ? error.message : error));
    }
  });
`;

/** The self-contained demo chat page served at `GET /` (inline CSS and JS, no external resources). */
export const DEMO_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Frontdesk demo chat</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <h1>Frontdesk — demo chat</h1>
  <div id="log" aria-live="polite"></div>
  <form id="chat-form" autocomplete="off">
    <input id="message" name="message" placeholder="Type a message and press Enter" maxlength="4000" autofocus \
aria-label="Message">
    <button id="send" type="submit">Send</button>
  </form>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
