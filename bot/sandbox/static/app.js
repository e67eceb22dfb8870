// The sandbox web chat. Plain JavaScript, no build step.
//
// The page speaks as one of the sandbox's people. The chat comes from the server as a snapshot
// and then as Server-Sent Events (new messages, edits, deletions, the reply keyboard, callback
// answers, chat actions), so every tab open as the same person shows the same conversation.
// Bot messages arrive as a tree of the tags Telegram allows; everything is put into the page
// with textContent and createElement, never as HTML.
"use strict";

const LIMIT = 20 * 1024 * 1024; // Telegram bots cannot download bigger files
const ALBUM = 10;

const UI = {
  zh: {
    online: "在线（沙盒）", offline: "机器人未连接：它在轮询本地 Bot API 吗？",
    connecting: "连接中…", typing: "正在输入…", uploading: "正在上传…",
    placeholder: "输入消息", edited: "已编辑", asPhoto: "压缩为照片（取消则作为文件发送）",
    send: "发送", cancel: "取消", drop: "松开即可发送", caption: "添加说明（可选）",
    tooBig: (name) => `“${name}”超过 20 MB：Telegram 不允许机器人下载这么大的文件。`,
    tooMany: `一次最多发送 ${ALBUM} 个文件（一个相册）。`,
    empty: "这是与机器人的私聊。发送 /start 或点下方的 / 选择命令。",
    reviewer: "审核员", you: "你", id: "Telegram id", phone: "手机", files: "个文件",
    failed: "发送失败：", contact: "联系人", commands: "命令",
  },
  en: {
    online: "online (sandbox)", offline: "bot not connected: is it polling the local Bot API?",
    connecting: "connecting…", typing: "typing…", uploading: "uploading…",
    placeholder: "Message", edited: "edited", asPhoto: "Compress as photo (else send as file)",
    send: "Send", cancel: "Cancel", drop: "Drop to send", caption: "Add a caption (optional)",
    tooBig: (name) => `“${name}” is over 20 MB: Telegram does not let bots download files that big.`,
    tooMany: `At most ${ALBUM} files at once (one album).`,
    empty: "This is a private chat with the bot. Send /start or tap / for the commands.",
    reviewer: "reviewer", you: "you", id: "Telegram id", phone: "phone", files: "files",
    failed: "Not sent: ", contact: "Contact", commands: "Commands",
  },
};

const $ = (id) => document.getElementById(id);
const state = {
  people: [], person: null, lang: "zh", bot: null, online: false,
  messages: new Map(), // id → view
  keyboard: null, commands: [], source: null, tray: [], typingTimer: null, toastTimer: null,
};
const t = (key, ...args) => {
  const value = (UI[state.lang] || UI.zh)[key];
  return typeof value === "function" ? value(...args) : value;
};

// --- the server -------------------------------------------------------------------------------
async function api(path, options = {}) {
  const response = await fetch(path, options);
  let body = null;
  try { body = await response.json(); } catch (_) { /* not JSON */ }
  if (!response.ok) {
    const error = new Error((body && body.error) || response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}
const post = (path, data) => api(path, {
  method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data),
});
const chatPath = (suffix = "") => `/api/chats/${state.person.id}${suffix}`;

// --- small helpers ------------------------------------------------------------------------------
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}
function clock(seconds) {
  const d = new Date(seconds * 1000);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}
function size(bytes) {
  if (bytes == null) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
function safeUrl(href) {
  try {
    const url = new URL(href, location.href);
    return ["http:", "https:", "mailto:", "tg:"].includes(url.protocol) ? url.href : null;
  } catch (_) { return null; }
}
function toast(text, ms = 2600) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(state.toastTimer);
  state.toastTimer = setTimeout(() => { box.hidden = true; }, ms);
}
function showAlert(text) {
  $("alert-text").textContent = text;
  $("alert").hidden = false;
  $("alert-ok").focus();
}

// --- rendering Telegram's formatting -----------------------------------------------------------
const TAGS = { b: "strong", i: "em", u: "u", s: "s", code: "code", pre: "pre", blockquote: "blockquote" };
function renderTree(nodes, parent) {
  for (const node of nodes || []) {
    if (typeof node === "string") { parent.appendChild(document.createTextNode(node)); continue; }
    if (!node || typeof node !== "object") continue;
    let child;
    if (node.tag === "a") {
      const href = safeUrl(node.href || "");
      child = el(href ? "a" : "span");
      if (href) { child.href = href; child.target = "_blank"; child.rel = "noopener noreferrer"; }
    } else if (node.tag === "tg-spoiler") {
      child = el("span", "spoiler");
      child.addEventListener("click", () => child.classList.add("shown"));
    } else if (TAGS[node.tag]) {
      child = el(TAGS[node.tag]);
    } else {
      child = el("span"); // tg-emoji and anything unknown: its text only
    }
    renderTree(node.children, child);
    parent.appendChild(child);
  }
}

function fileCard(doc) {
  const link = el("a", "file-card");
  link.href = `/api/files/${encodeURIComponent(doc.file_id)}?download=1`;
  link.setAttribute("download", doc.file_name || "file");
  link.append(el("div", "file-icon", "⬇"));
  const info = el("div");
  info.append(el("div", "file-name", doc.file_name || "file"), el("div", "file-size", `${size(doc.file_size)} · ${doc.mime_type || ""}`));
  link.append(info);
  return link;
}

function photoImage(photo) {
  const img = el("img", "photo");
  img.src = `/api/files/${encodeURIComponent(photo.thumb || photo.file_id)}`;
  img.alt = "photo";
  img.loading = "lazy";
  if (photo.width && photo.height) { img.width = Math.min(260, photo.width); img.height = Math.round(img.width * photo.height / photo.width); }
  img.addEventListener("click", () => window.open(`/api/files/${encodeURIComponent(photo.file_id)}`, "_blank", "noopener"));
  return img;
}

function media(view) {
  if (view.photo) return photoImage(view.photo);
  if (view.document) return fileCard(view.document);
  return null;
}

function bubbleFor(view) {
  const bubble = el("div", "bubble");
  bubble.dataset.id = view.id;
  if (view.contact) {
    const card = el("div", "contact-card");
    card.append(el("div", "file-icon", "👤"));
    const info = el("div");
    info.append(el("div", "file-name", view.contact.first_name || t("contact")), el("div", "file-size", view.contact.phone_number));
    card.append(info);
    bubble.append(card);
  }
  const item = media(view);
  if (item) bubble.append(item);
  if (view.tree || view.text) {
    const text = el("div", "text");
    renderTree(view.tree || [view.text], text);
    bubble.append(text);
  }
  if (view.caption_tree) {
    const caption = el("div", "text caption-text");
    renderTree(view.caption_tree, caption);
    bubble.append(caption);
  }
  const meta = el("div", "meta");
  if (view.edited) meta.append(el("span", "edited-mark", t("edited")));
  meta.append(document.createTextNode(clock(view.date)));
  bubble.append(meta);
  return bubble;
}

function inlineKeyboard(view) {
  if (!view.inline_keyboard) return null;
  const box = el("div", "inline-kb");
  view.inline_keyboard.forEach((row, r) => {
    const line = el("div", "kb-row");
    row.forEach((button, c) => {
      if (button.url) {
        const href = safeUrl(button.url);
        const link = el("a", null, button.text);
        if (href) { link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer"; }
        line.append(link);
        return;
      }
      const node = el("button", null, button.text);
      node.type = "button";
      node.addEventListener("click", () => tap(view.id, r, c, node));
      line.append(node);
    });
    box.append(line);
  });
  return box;
}

// One row per message; the messages of an album share one row.
function rowFor(view) {
  const row = el("div", `row ${view.from_bot ? "bot" : "user"}`);
  row.dataset.id = view.id;
  row.append(bubbleFor(view));
  const keyboard = inlineKeyboard(view);
  if (keyboard) row.append(keyboard);
  return row;
}

function albumRow(group, fromBot) {
  let row = document.querySelector(`.row[data-group="${CSS.escape(group)}"]`);
  if (!row) {
    row = el("div", `row ${fromBot ? "bot" : "user"}`);
    row.dataset.group = group;
    const bubble = el("div", "bubble");
    bubble.append(el("div", "album"), el("div", "meta"));
    row.append(bubble);
    $("chat").append(row);
  }
  return row;
}

function renderAlbum(group) {
  const members = [...state.messages.values()].filter((m) => m.media_group_id === group);
  const row = albumRow(group, members.length ? members[0].from_bot : true);
  if (!members.length) { row.remove(); return; }
  const [album, meta] = row.querySelector(".bubble").children;
  album.replaceChildren(...members.map((m) => {
    const figure = el("figure", "album-item");
    figure.dataset.id = m.id;
    figure.append(media(m));
    if (m.caption_tree) {
      const caption = el("figcaption");
      renderTree(m.caption_tree, caption);
      figure.append(caption);
    }
    return figure;
  }));
  meta.textContent = clock(members[0].date);
}

function nearBottom() {
  const chat = $("chat");
  return chat.scrollHeight - chat.scrollTop - chat.clientHeight < 120;
}
function toBottom() { const chat = $("chat"); chat.scrollTop = chat.scrollHeight; }

function addMessage(view, live) {
  const stick = !live || nearBottom() || !view.from_bot;
  state.messages.set(view.id, view);
  $("chat").querySelector(".empty")?.remove();
  if (view.media_group_id) renderAlbum(view.media_group_id);
  else $("chat").append(rowFor(view));
  if (view.from_bot) setTyping(false);
  if (stick) toBottom();
}

function editMessage(view) {
  state.messages.set(view.id, view);
  if (view.media_group_id) { renderAlbum(view.media_group_id); return; }
  const old = $("chat").querySelector(`.row[data-id="${view.id}"]`);
  if (!old) { addMessage(view, true); return; }
  const row = rowFor(view);
  old.replaceWith(row);
  row.querySelector(".bubble").classList.add("flash");
}

function deleteMessage(id) {
  const view = state.messages.get(id);
  state.messages.delete(id);
  if (view && view.media_group_id) { renderAlbum(view.media_group_id); return; }
  const row = $("chat").querySelector(`.row[data-id="${id}"]`);
  if (row) { row.classList.add("leaving"); setTimeout(() => row.remove(), 350); }
}

function renderAll(messages) {
  state.messages.clear();
  $("chat").replaceChildren();
  if (!messages.length) $("chat").append(el("div", "empty", t("empty")));
  for (const view of messages) addMessage(view, false);
  toBottom();
}

// --- reply keyboard, commands, status ---------------------------------------------------------
function renderKeyboard() {
  const box = $("keyboard");
  const kb = state.keyboard;
  $("kb-toggle").hidden = !kb;
  $("input").placeholder = (kb && kb.placeholder) || t("placeholder");
  if (!kb || kb.hidden) { box.hidden = true; return; }
  box.replaceChildren();
  kb.rows.forEach((row, r) => {
    const line = el("div", "kb-row");
    row.forEach((button, c) => {
      const node = el("button", button.contact ? "contact" : null, button.text);
      node.type = "button";
      node.addEventListener("click", () => press(r, c));
      line.append(node);
    });
    box.append(line);
  });
  box.hidden = false;
}

function renderCommands() {
  const box = $("commands");
  box.replaceChildren();
  for (const command of state.commands) {
    const node = el("button");
    node.type = "button";
    node.append(el("span", "cmd", `/${command.command}`), el("span", null, command.description));
    node.addEventListener("click", () => { box.hidden = true; sendText(`/${command.command}`); });
    box.append(node);
  }
}

function setOnline(online) {
  state.online = online;
  $("bot-status").classList.toggle("online", online);
  const handle = state.bot ? `@${state.bot.username} · ` : "";
  $("bot-status-text").textContent = handle + (online ? t("online") : t("offline"));
}

function setTyping(on) {
  clearTimeout(state.typingTimer);
  $("typing").hidden = !on;
  if (on) {
    $("typing").textContent = t("typing");
    state.typingTimer = setTimeout(() => setTyping(false), 5000);
  }
}

function renderLabels() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const button of $("langs").querySelectorAll("button")) button.classList.toggle("active", button.dataset.lang === state.lang);
  const people = $("people");
  people.replaceChildren();
  for (const person of state.people) {
    const node = el("button", person === state.person ? "active" : null, person.label[state.lang] || person.label.zh);
    node.type = "button";
    node.setAttribute("role", "tab");
    node.dataset.key = person.key;
    node.addEventListener("click", () => choose(person.key));
    people.append(node);
  }
  const p = state.person;
  if (p) {
    const role = p.reviewer ? ` · ${t("reviewer")}` : "";
    $("whoami").textContent = `${t("you")}: ${p.name}${role} · ${t("id")} ${p.id} · ${t("phone")} ${p.phone}`;
  }
  if (state.bot) $("bot-name").textContent = state.bot.first_name;
  $("as-photo-label").textContent = t("asPhoto");
  $("caption").placeholder = t("caption");
  $("tray-send").textContent = t("send");
  $("tray-cancel").textContent = t("cancel");
  $("drop-text").textContent = t("drop");
  $("menu-button").title = t("commands");
  setOnline(state.online);
  renderKeyboard();
}

// --- the event stream -------------------------------------------------------------------------
function connect() {
  if (state.source) state.source.close();
  $("bot-status-text").textContent = t("connecting");
  const source = new EventSource(chatPath("/events"));
  state.source = source;
  const on = (type, handler) => source.addEventListener(type, (event) => {
    if (state.source !== source) return;
    handler(JSON.parse(event.data));
  });
  on("snapshot", (data) => {
    state.bot = data.bot;
    state.keyboard = data.keyboard;
    state.commands = data.commands || [];
    state.lang = (data.language_code || "zh").slice(0, 2) === "zh" ? "zh" : "en";
    renderLabels();
    renderAll(data.messages);
    renderCommands();
    setOnline(data.bot_online);
  });
  on("new", (data) => { addMessage(data.message, true); setOnline(true); });
  on("edit", (data) => editMessage(data.message));
  on("delete", (data) => deleteMessage(data.id));
  on("keyboard", (data) => { state.keyboard = data.keyboard; renderKeyboard(); });
  on("action", () => setTyping(true));
  on("ping", (data) => setOnline(data.bot_online));
  on("person", (data) => {
    state.lang = (data.language_code || "zh").slice(0, 2) === "zh" ? "zh" : "en";
    renderLabels();
  });
  on("answer", (data) => {
    const answer = data.answer;
    document.querySelectorAll(`.row[data-id="${answer.message_id}"] .inline-kb button.pending`).forEach((b) => b.classList.remove("pending"));
    if (answer.show_alert && answer.text) showAlert(answer.text);
    else if (answer.text) toast(answer.text);
  });
  source.onerror = () => { if (state.source === source) $("bot-status-text").textContent = t("connecting"); };
}

// --- what the person does ---------------------------------------------------------------------
async function attempt(action) {
  try { return await action(); } catch (error) {
    toast(`${t("failed")}${error.message}`, 4000);
    return null;
  }
}
function sendText(text) {
  if (!text.trim()) return;
  return attempt(() => post(chatPath("/messages"), { text }));
}
function tap(messageId, row, column, node) {
  node.classList.add("pending");
  setTimeout(() => node.classList.remove("pending"), 8000);
  return attempt(() => post(chatPath("/tap"), { message_id: messageId, row, column }));
}
function press(row, column) {
  return attempt(() => post(chatPath("/keyboard"), { row, column }));
}

function addFiles(files) {
  for (const file of files) {
    if (file.size > LIMIT) { toast(t("tooBig", file.name), 5000); continue; }
    if (state.tray.length >= ALBUM) { toast(t("tooMany"), 4000); break; }
    state.tray.push(file);
  }
  renderTray();
}
function renderTray() {
  const box = $("tray-files");
  for (const img of box.querySelectorAll("img")) URL.revokeObjectURL(img.src);
  box.replaceChildren();
  for (const file of state.tray) {
    const item = el("div", "tray-file");
    if (file.type.startsWith("image/")) {
      const img = el("img");
      img.src = URL.createObjectURL(file);
      img.alt = file.name;
      item.append(img);
    } else {
      item.append(el("div", "file-icon", "📄"));
    }
    item.append(el("div", null, file.name));
    box.append(item);
  }
  const images = state.tray.length && state.tray.every((f) => /^image\/(jpeg|png|webp|heic|heif)$/.test(f.type));
  $("as-photo").checked = Boolean(images);
  $("tray").hidden = !state.tray.length;
}
function clearTray() {
  state.tray = [];
  $("caption").value = "";
  $("file-input").value = "";
  renderTray();
}
async function sendTray() {
  if (!state.tray.length) return;
  const form = new FormData();
  for (const file of state.tray) form.append("file", file, file.name);
  form.append("as", $("as-photo").checked ? "photo" : "document");
  const caption = $("caption").value.trim();
  if (caption) form.append("caption", caption);
  $("tray-send").disabled = true;
  $("tray-send").textContent = t("uploading");
  try {
    const result = await attempt(() => api(chatPath("/files"), { method: "POST", body: form }));
    if (result) clearTray();
  } finally {
    $("tray-send").disabled = false;
    $("tray-send").textContent = t("send");
  }
}

async function choose(key) {
  const person = state.people.find((p) => p.key === key) || state.people[0];
  state.person = person;
  localStorage.setItem("sandbox-person", person.key);
  if (location.hash !== `#${person.key}`) history.replaceState(null, "", `#${person.key}`);
  state.lang = person.language === "en" ? "en" : "zh";
  clearTray();
  $("commands").hidden = true;
  renderLabels();
  connect();
}

async function setLanguage(lang) {
  const result = await attempt(() => post(chatPath("/language"), { language: lang }));
  if (!result) return;
  state.lang = lang;
  state.person.language = lang;
  renderLabels();
}

function wire() {
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("input");
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    input.style.height = "";
    sendText(text);
  });
  $("input").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("input").addEventListener("input", () => {
    const input = $("input");
    input.style.height = "";
    input.style.height = `${Math.min(140, input.scrollHeight)}px`;
  });
  $("menu-button").addEventListener("click", () => { $("commands").hidden = !$("commands").hidden || !state.commands.length; });
  $("kb-toggle").addEventListener("click", () => {
    if (!state.keyboard) return;
    attempt(() => post(chatPath("/keyboard"), { hidden: !state.keyboard.hidden }));
  });
  $("file-input").addEventListener("change", (event) => addFiles([...event.target.files]));
  $("tray-send").addEventListener("click", sendTray);
  $("tray-cancel").addEventListener("click", clearTray);
  $("alert-ok").addEventListener("click", () => { $("alert").hidden = true; });
  for (const button of $("langs").querySelectorAll("button")) button.addEventListener("click", () => setLanguage(button.dataset.lang));

  let depth = 0;
  const app = $("app");
  app.addEventListener("dragenter", (event) => { if (event.dataTransfer.types.includes("Files")) { depth += 1; $("drop").hidden = false; } });
  app.addEventListener("dragleave", () => { depth = Math.max(0, depth - 1); if (!depth) $("drop").hidden = true; });
  app.addEventListener("dragover", (event) => event.preventDefault());
  app.addEventListener("drop", (event) => {
    event.preventDefault();
    depth = 0;
    $("drop").hidden = true;
    if (event.dataTransfer.files.length) addFiles([...event.dataTransfer.files]);
  });
  window.addEventListener("hashchange", () => {
    const key = location.hash.slice(1);
    if (state.person && key && key !== state.person.key) choose(key);
  });
}

// On a machine without a Chinese font (a fresh headless Debian) the page waits for the sandbox's
// own (/font/cjk) before it draws anything: Chromium keeps text drawn before a fallback font
// arrived as boxes. Where the system has one, nothing is downloaded.
async function fontsReady() {
  const context = document.createElement("canvas").getContext("2d");
  context.font = "16px system-ui, sans-serif";
  const boxes = context.measureText("\uE000\uE001").width === context.measureText("中文").width;
  if (!boxes) return;
  const timeout = new Promise((resolve) => { setTimeout(resolve, 4000); });
  try { await Promise.race([document.fonts.load('16px "Sandbox CJK"', "中文"), timeout]); } catch (_) { /* drawn with boxes */ }
}

async function main() {
  await fontsReady();
  $("app").classList.remove("booting");
  wire();
  const data = await api("/api/people");
  state.people = data.people;
  state.bot = data.bot;
  state.online = data.bot_online;
  const wanted = location.hash.slice(1) || localStorage.getItem("sandbox-person");
  choose(state.people.some((p) => p.key === wanted) ? wanted : state.people[0].key);
}

main().catch((error) => toast(String(error), 10000));
