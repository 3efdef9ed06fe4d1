// The local outbox (local stack only): every email the stack "sent", newest first, each with its client portal
// page, where the client reads the message and items and submits through the signed webhook.
import * as api from '../api.js';
import { h, mount, when } from '../ui.js';

export async function outboxScreen(root, { ctx }) {
  const mails = (await api.localOutbox()).slice().reverse();
  mount(root, h('h1', {}, 'Outbox'),
    h('p', { class: 'hint' }, 'The local stack sends no email: each message lands here, with the link the client would follow.'),
    mails.length ? h('ol', { class: 'plain' }, mails.map((m, i) => h('li', { class: 'panel mail', 'data-request-id': m.requestId },
      h('h2', { id: `mail-${i}` }, m.subject),
      h('p', { class: 'hint' }, `To ${m.to} · ${m.kind.toLowerCase()} · ${when(m.sentAt)}`),
      h('details', {}, h('summary', {}, 'Text of the email'), h('pre', { class: 'mail' }, m.text)),
      h('p', {}, h('a', { href: m.portalLink, 'aria-describedby': `mail-${i}` }, 'Open the client portal page')))))
      : h('p', {}, 'No email yet.'));
}
