// The day's waitlist: who waits for a time on this date, and the offers made to them with their state. An offer
// holds a freed time for a while; the desk can book it for the client (the normal booking, every rule checked again),
// let it go to the next client, or take a client off the list.
import { Attempt, call, get } from './api.js';
import { busy, h, showError } from './dom.js';
import { shortDate, time } from './format.js';

/** @typedef {import('../types/desk').Schemas} Schemas */

/** @type {Record<string, string>} */
const entryWords = { waiting: 'ждёт', booked: 'записан', cancelled: 'снят с листа' };
/** @type {Record<string, string>} */
const offerWords = {
    offered: 'время придержано',
    accepted: 'записан',
    declined: 'отказался',
    expired: 'время истекло',
    withdrawn: 'предложение отозвано',
};
/** @type {Record<string, string>} */
const noticeWords = {
    sending: 'сообщение отправляется',
    sent: 'сообщение отправлено',
    failed: 'сообщение не доставлено',
    skipped: 'клиент отказался от сообщений',
};

/**
 * A panel under the day that reads the waitlist for the date itself.
 * @param {string} date
 * @param {() => void} changed called after a booking, so the day is read again
 */
export function waitlistPanel(date, changed) {
    const body = h('div', { className: 'waitlist-body' }, 'Загрузка…');
    const status = h('div', { 'aria-live': 'polite' });
    const panel = h(
        'details',
        { className: 'waitlist', 'data-testid': 'waitlist' },
        h('summary', {}, 'Лист ожидания'),
        status,
        body,
    );
    const load = async () => {
        const view = await get('/api/v1/waitlist', { query: { date } });
        const title = /** @type {HTMLElement} */ (panel.firstChild);
        title.textContent = view.entries.length ? `Лист ожидания: ${view.entries.length}` : 'Лист ожидания';
        body.replaceChildren(
            view.entries.length
                ? h('ul', {}, ...view.entries.map(e => entryItem(e, () => reload(true))))
                : h('p', { className: 'empty' }, 'На этот день никто не ждёт.'),
        );
    };
    /** @param {boolean} [booked] */
    const reload = (booked = false) =>
        load()
            .then(() => (booked ? changed() : undefined))
            .catch(e => showError(status, e));
    reload();
    return panel;

    /** @param {Schemas['WaitlistEntryResponse']} e @param {() => void} done */
    function entryItem(e, done) {
        const line = h('div', { className: 'status-line' });
        const dates = e.from === e.to ? shortDate(e.from) : `${shortDate(e.from)}–${shortDate(e.to)}`;
        const cancel = h('button', { type: 'button', className: 'link' }, 'снять с листа');
        cancel.onclick = () =>
            busy(cancel, line, async () => {
                await call('post', '/api/v1/waitlist/{id}/cancel', { path: { id: e.id } });
                done();
            });
        return h(
            'li',
            { 'data-testid': 'waitlist-entry', 'data-entry-id': e.id },
            h('strong', {}, e.clientName),
            `, ${e.serviceName}, ${dates}: ${entryWords[e.status] ?? e.status}`,
            e.status === 'waiting' ? h('span', {}, ' ', cancel) : null,
            e.offers.length ? h('ul', {}, ...e.offers.map(o => offerItem(o, line, done))) : null,
            line,
        );
    }

    /** @param {Schemas['OfferResponse']} o @param {HTMLElement} line @param {() => void} done */
    function offerItem(o, line, done) {
        const open = o.status === 'offered';
        const accept = h('button', { type: 'button' }, 'записать');
        const attempt = new Attempt();
        accept.onclick = () =>
            busy(accept, line, async () => {
                await attempt.post('/api/v1/waitlist/offers/{id}/accept', { path: { id: o.id } });
                done();
            });
        const decline = h('button', { type: 'button', className: 'link' }, 'отказ');
        decline.onclick = () =>
            busy(decline, line, async () => {
                await call('post', '/api/v1/waitlist/offers/{id}/decline', { path: { id: o.id } });
                done();
            });
        return h(
            'li',
            { className: `offer ${o.status}`, 'data-testid': 'waitlist-offer' },
            `${time(o.startsAt)}–${time(o.endsAt)}: ${offerWords[o.status] ?? o.status}`,
            open ? ` до ${time(o.expiresAt)}` : '',
            o.notice ? ` (${noticeWords[o.notice] ?? o.notice})` : '',
            open ? h('span', { className: 'offer-actions' }, ' ', accept, ' ', decline) : null,
        );
    }
}
