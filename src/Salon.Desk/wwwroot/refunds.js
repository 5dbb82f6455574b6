// A visit's payments and their refunds: each payment can be returned in part or in full, by the way it was paid.
import { Attempt, all, get } from './api.js';
import { busy, h, showOk } from './dom.js';
import { dateTime, methodWords, money } from './format.js';
import { receiptView } from './receipts.js';

/** @type {Record<string, string>} */
const purposeWords = { visit: 'оплата визита', deposit: 'предоплата', refund: 'возврат' };

/**
 * @param {string} bookingId
 * @param {HTMLElement} status
 * @param {() => void} changed the visit's money changed
 */
export async function refundsPanel(bookingId, status, changed) {
    const root = h('div', { className: 'refunds', 'data-testid': 'refunds' });
    const draw = async () => {
        const payments = await all('/api/v1/bookings/{id}/payments', { path: { id: bookingId } });
        const taken = payments.filter(p => p.kind === 'payment');
        root.replaceChildren(
            h(
                'p',
                { 'data-testid': 'refund-policy' },
                'Возврат — тем же способом, каким платили (наличные — наличными, карта — на карту), с чеком ' +
                    '«возврат прихода», который повторяет ставку НДС и признаки исходного чека. Предоплата за визит, ' +
                    'отменённый вовремя или салоном, возвращается при отмене сама; при поздней отмене или неявке ' +
                    'удерживается, только если клиент принял это правило при записи.',
            ),
            taken.length ? '' : h('p', {}, 'Оплат по визиту нет.'),
            ...taken.map(p => {
                const back = payments
                    .filter(r => r.refundOf === p.id)
                    .reduce((sum, r) => sum + Math.round(r.amount * 100), 0);
                const left = (Math.round(p.amount * 100) - back) / 100;
                const amount = h('input', {
                    type: 'number',
                    min: '0.01',
                    step: '0.01',
                    max: String(left),
                    value: String(left),
                    'aria-label': 'Сумма возврата, ₽',
                });
                const attempt = new Attempt();
                const go = h('button', { type: 'submit', className: 'danger' }, 'Вернуть');
                const form = h(
                    'form',
                    { className: 'payment-row' },
                    `${dateTime(p.at)}: ${purposeWords[p.purpose] ?? p.purpose}, ` +
                        `${methodWords[p.method] ?? p.method} ${money(p.amount)}` +
                        (back ? `, возвращено ${money(back / 100)}` : ''),
                    left > 0 ? amount : '',
                    left > 0 ? go : '',
                );
                form.addEventListener('submit', event => {
                    event.preventDefault();
                    busy(go, status, async () => {
                        const refund = await attempt.post('/api/v1/payments/{id}/refunds', {
                            path: { id: p.id },
                            body: { amount: Number(amount.value) },
                        });
                        const shown = await get('/api/v1/receipts/{id}', { path: { id: refund.receiptId } });
                        await draw();
                        root.append(receiptView(shown));
                        changed();
                        showOk(status, `Возвращено ${money(refund.amount)} (${methodWords[refund.method]}).`);
                    });
                });
                return form;
            }),
        );
    };
    await draw();
    return root;
}
