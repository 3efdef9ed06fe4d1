// Small DOM helpers shared by the screens: building elements, showing an error where it happened, dialogs.

/** h('button', {type: 'button', onclick}, 'Save'): attributes, properties (on*, value, checked) and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** Appends children to a screen's root, skipping null/false (the DOM's own append would write "null"). */
export function mount(root, ...children) { append(root, children); }

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

let counter = 0;
/** An id unique in the page, for label/aria references. */
export const uid = (prefix = 'f') => `${prefix}-${++counter}`;

/** A labelled control: field('Name', h('input', {...})) -> <div><label for>..</label><input id></div> */
export function field(label, control, hint) {
  control.id ||= uid();
  const hintEl = hint ? h('p', { class: 'hint', id: uid('hint') }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

export function checkbox(label, attrs = {}) {
  const input = h('input', { type: 'checkbox', id: uid(), ...attrs });
  return { input, el: h('div', { class: 'check' }, input, h('label', { for: input.id }, label)) };
}

/**
 * Where a call's failure is shown, in words, next to what the user did: errorBox.show(error) / clear().
 * role=alert: a screen reader says it at once.
 */
export function errorBox() {
  const el = h('p', { class: 'error', role: 'alert', hidden: true });
  return {
    el,
    show(error) {
      const code = error?.code && !String(error.code).startsWith('HTTP_') ? ` (${error.code})` : '';
      el.textContent = (error?.message ?? String(error)) + code;
      el.hidden = false;
    },
    clear() { el.textContent = ''; el.hidden = true; },
  };
}

/** Runs an action for a button: disabled while it runs, its failure shown in the box. Answers its result. */
export async function act(button, box, action) {
  box?.clear();
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (e) {
    if (box) box.show(e); else throw e;
    return undefined;
  } finally {
    if (button && button.isConnected) button.disabled = false;
  }
}

const live = () => document.getElementById('announce');
/** Said by screen readers, shown briefly to everyone. */
export function announce(text) {
  const el = live();
  if (!el) return;
  el.textContent = '';
  setTimeout(() => { el.textContent = text; }, 30);
}

/**
 * A modal dialog: build(close) returns its body; the promise settles with what close() was given (undefined
 * when dismissed with Escape). Focus moves into it and comes back to the opener.
 */
export function modal(title, build, { className = '' } = {}) {
  const opener = document.activeElement;
  const titleId = uid('dlg');
  const dlg = h('dialog', { 'aria-labelledby': titleId, class: className });
  return new Promise((resolve) => {
    let result;
    const close = (value) => { result = value; dlg.close(); };
    dlg.append(h('h2', { id: titleId }, title), build(close));
    dlg.addEventListener('close', () => {
      dlg.remove();
      if (opener && opener.isConnected) opener.focus();
      resolve(result);
    });
    document.body.append(dlg);
    dlg.showModal();
  });
}

export const statusLabel = (s) => ({ PENDING: 'Unfinished', SUBMITTED: 'Submitted', CANCELLED: 'Cancelled' }[s] ?? s);
export const badge = (text, kind = '') => h('span', { class: `badge ${kind}` }, text);

/** A fresh idempotency key for one form: a retry of the same submission reuses it. */
export const newKey = () => (crypto.randomUUID ? crypto.randomUUID()
  : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(''));

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');
