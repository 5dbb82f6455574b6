// One visit: details, move, cancel, check-in with the day-of questions, payment, completion, receipts.
import { ApiError, Attempt, all, call, get } from './api.js';
import { busy, h, openDialog, showError, showOk } from './dom.js';
import { cancellationWords, dateTime, money, statusWords, time } from './format.js';
import { receiptView } from './receipts.js';
import { refundsPanel } from './refunds.js';

/** @typedef {import('../types/desk').Schemas} Schemas */

/**
 * @param {string} id
 * @param {{changed: () => void, openClient: (id: string) => HTMLDialogElement}} actions
 */
export function openVisit(id, actions) {
    return openDialog(
        'Визит',
        async () => {
            const root = h('div', { className: 'visit-card', 'data-testid': 'visit-card' });
            const status = h('div', { 'aria-live': 'polite' });
            /** @type {Schemas['BookingResponse']} */
            let booking;
            /** @type {string | null} */
            let etag = null;
            const payment = new Attempt();

            /** @param {string} [note] */
            const reload = async note => {
                const answer = await call('get', '/api/v1/bookings/{id}', { path: { id } });
                booking = answer.body;
                etag = answer.etag;
                render();
                if (note) showOk(status, note);
            };

            /** A change that failed because someone else changed the visit first: show the fresh one and say so. */
            const act = (/** @type {HTMLButtonElement} */ button, /** @type {() => Promise<string>} */ action) =>
                busy(button, status, async () => {
                    try {
                        const done = await action();
                        actions.changed();
                        await reload(done);
                    } catch (e) {
                        if (e instanceof ApiError && (e.status === 412 || e.code === 'illegal-transition')) {
                            await reload();
                            showError(status, e);
                            return;
                        }
                        if (e instanceof ApiError && e.code === 'day-of-check-failed') {
                            actions.changed();
                            await reload();
                        }
                        throw e;
                    }
                });

            const panel = h('div', { className: 'panel' });
            const render = () => {
                const b = booking;
                const late = b.freeCancellationUntil && Date.now() > Date.parse(b.freeCancellationUntil);
                root.replaceChildren(
                    h(
                        'dl',
                        {},
                        h('dt', {}, 'Клиент'),
                        h(
                            'dd',
                            {},
                            h(
                                'button',
                                { type: 'button', className: 'link', onclick: () => actions.openClient(b.clientId) },
                                b.clientName,
                            ),
                        ),
                        h('dt', {}, 'Услуга'),
                        h('dd', {}, b.service.name),
                        h('dt', {}, 'Когда'),
                        h('dd', {}, `${dateTime(b.startsAt)}–${time(b.endsAt)}`),
                        h('dt', {}, 'Мастер'),
                        h('dd', {}, b.therapist.name),
                        b.device ? h('dt', {}, 'Аппарат') : null,
                        b.device ? h('dd', {}, b.device.name) : null,
                        h('dt', {}, 'Статус'),
                        h(
                            'dd',
                            { 'data-testid': 'visit-status' },
                            statusWords[b.status] ?? b.status,
                            b.cancellation ? ` (${cancellationWords[b.cancellation] ?? b.cancellation})` : '',
                        ),
                        h('dt', {}, 'Цена'),
                        h('dd', {}, money(b.price)),
                        b.freeCancellationUntil ? h('dt', {}, 'Отмена') : null,
                        b.freeCancellationUntil
                            ? h(
                                  'dd',
                                  { className: late ? 'warn' : '' },
                                  late
                                      ? `Бесплатная отмена закончилась ${dateTime(b.freeCancellationUntil)}: ` +
                                            'сейчас отмена клиентом — поздняя, по правилам, принятым при записи.'
                                      : `Бесплатно до ${dateTime(b.freeCancellationUntil)}; ` +
                                            'позже — поздняя отмена по правилам записи.',
                              )
                            : null,
                    ),
                    h('div', { className: 'actions' }, ...buttons(b)),
                    panel,
                    status,
                );
            };

            /** @param {Schemas['BookingResponse']} b */
            const buttons = b => {
                const list = [];
                if (b.status === 'booked') {
                    list.push(h('button', { type: 'button', onclick: () => showCheckIn() }, 'Пришёл (вопросы дня)'));
                    list.push(h('button', { type: 'button', onclick: () => showMove() }, 'Перенести'));
                    list.push(h('button', { type: 'button', onclick: () => showCancel() }, 'Отменить'));
                    list.push(
                        h(
                            'button',
                            {
                                type: 'button',
                                onclick: (/** @type {MouseEvent} */ e) =>
                                    act(target(e), async () => {
                                        await call('post', '/api/v1/bookings/{id}/no-show', { path: { id } });
                                        return 'Отмечена неявка.';
                                    }),
                            },
                            'Не пришёл',
                        ),
                    );
                }
                if (b.status === 'booked' || b.status === 'checked_in')
                    list.push(h('button', { type: 'button', onclick: () => showPayment() }, 'Оплата'));
                if (b.status === 'checked_in')
                    list.push(
                        h(
                            'button',
                            {
                                type: 'button',
                                className: 'primary',
                                onclick: (/** @type {MouseEvent} */ e) =>
                                    act(target(e), async () => {
                                        await call('post', '/api/v1/bookings/{id}/complete', { path: { id } });
                                        return 'Визит завершён.';
                                    }),
                            },
                            'Завершить',
                        ),
                    );
                list.push(h('button', { type: 'button', onclick: () => showRefunds() }, 'Возвраты'));
                list.push(h('button', { type: 'button', onclick: () => showReceipts() }, 'Чеки'));
                return list;
            };

            const showCheckIn = async () => {
                const questions = (await all('/api/v1/screening/questions')).filter(q => q.askedOnDay);
                const boxes = questions.map(q => h('input', { type: 'checkbox', name: q.code }));
                const go = h('button', { type: 'submit', className: 'primary' }, 'Отметить приход');
                // A visit the desk forgot to check in is still checked in the same day, with the reason recorded.
                const reason = h('input', {
                    'aria-label': 'Причина поздней отметки',
                    placeholder: 'если визит уже прошёл: почему приход отмечен позже',
                });
                const form = h(
                    'form',
                    { className: 'questions' },
                    h('p', {}, 'Спросите клиента сегодня и отметьте «да»:'),
                    ...questions.map((q, i) => h('label', { className: 'check' }, boxes[i], ' ', q.textRu)),
                    reason,
                    go,
                );
                form.addEventListener('submit', event => {
                    event.preventDefault();
                    act(go, async () => {
                        /** @type {Record<string, boolean>} */
                        const dayOfAnswers = {};
                        questions.forEach((q, i) => {
                            dayOfAnswers[q.code] = boxes[i].checked;
                        });
                        await call('post', '/api/v1/bookings/{id}/check-in', {
                            path: { id },
                            body: { dayOfAnswers, reason: reason.value.trim() || undefined },
                        });
                        panel.replaceChildren();
                        return 'Клиент пришёл.';
                    });
                });
                panel.replaceChildren(form);
                boxes[0]?.focus();
            };

            const showMove = () => {
                const date = h('input', {
                    type: 'date',
                    'aria-label': 'Новая дата',
                    value: booking.startsAt.slice(0, 10),
                });
                const slots = h('div', { className: 'slots' });
                const find = async () => {
                    try {
                        const answer = await get('/api/v1/availability', {
                            query: {
                                serviceId: booking.service.id,
                                from: date.value,
                                to: date.value,
                                clientId: booking.clientId,
                            },
                        });
                        slots.replaceChildren(
                            ...answer.slots.map(s =>
                                h(
                                    'button',
                                    {
                                        type: 'button',
                                        className: 'slot',
                                        'data-testid': 'move-slot',
                                        onclick: (/** @type {MouseEvent} */ e) =>
                                            act(target(e), async () => {
                                                await call('post', '/api/v1/bookings/{id}/reschedule', {
                                                    path: { id },
                                                    body: { startsAt: s.start },
                                                    ifMatch: etag ?? undefined,
                                                });
                                                panel.replaceChildren();
                                                return `Перенесено на ${dateTime(s.start)}.`;
                                            }),
                                    },
                                    time(s.start),
                                ),
                            ),
                        );
                        if (!answer.slots.length) slots.replaceChildren(h('p', {}, 'Свободного времени нет.'));
                    } catch (e) {
                        showError(status, e);
                    }
                };
                date.addEventListener('change', find);
                panel.replaceChildren(
                    h(
                        'div',
                        {},
                        h('p', {}, 'Перенос проверяет все правила заново; мастер тот же, если он свободен.'),
                        date,
                        slots,
                    ),
                );
                find();
                date.focus();
            };

            const showCancel = () => {
                const by = h(
                    'select',
                    { 'aria-label': 'Кто отменяет' },
                    h('option', { value: 'client' }, 'по просьбе клиента'),
                    h('option', { value: 'salon' }, 'салон'),
                );
                const reason = h('input', { 'aria-label': 'Причина', placeholder: 'причина (необязательно)' });
                const go = h('button', { type: 'submit', className: 'danger' }, 'Отменить визит');
                const form = h('form', {}, by, reason, go);
                form.addEventListener('submit', event => {
                    event.preventDefault();
                    act(go, async () => {
                        const { body } = await call('post', '/api/v1/bookings/{id}/cancel', {
                            path: { id },
                            body: {
                                by: by.value === 'salon' ? 'salon' : 'client',
                                reason: reason.value || undefined,
                            },
                        });
                        panel.replaceChildren();
                        const how = body.cancellation
                            ? (cancellationWords[body.cancellation] ?? body.cancellation)
                            : '';
                        return `Визит отменён${how ? ' ' + how : ''}.`;
                    });
                });
                panel.replaceChildren(form);
                by.focus();
            };

            const showPayment = () => {
                const amount = h('input', {
                    type: 'number',
                    min: '0.01',
                    step: '0.01',
                    value: String(booking.price),
                    'aria-label': 'Сумма, ₽',
                    name: 'amount',
                });
                const method = h(
                    'select',
                    { 'aria-label': 'Способ оплаты', name: 'method' },
                    h('option', { value: 'cash' }, 'наличные'),
                    h('option', { value: 'card' }, 'карта'),
                );
                const go = h('button', { type: 'submit', className: 'primary' }, 'Принять оплату');
                const receipt = h('div');
                const form = h(
                    'form',
                    { className: 'payment' },
                    h('label', {}, 'Сумма ', amount),
                    method,
                    h(
                        'button',
                        {
                            type: 'button',
                            onclick: () => {
                                amount.value = String(booking.price);
                            },
                        },
                        'Вся сумма',
                    ),
                    h(
                        'button',
                        {
                            type: 'button',
                            onclick: () => {
                                amount.value = (Math.round(booking.price * 30) / 100).toFixed(2);
                            },
                        },
                        'Предоплата 30%',
                    ),
                    go,
                    receipt,
                );
                form.addEventListener('submit', event => {
                    event.preventDefault();
                    act(go, async () => {
                        const paid = await payment.post('/api/v1/bookings/{id}/payments', {
                            path: { id },
                            body: { amount: Number(amount.value), method: method.value === 'card' ? 'card' : 'cash' },
                        });
                        const shown = paid.receiptId
                            ? await get('/api/v1/receipts/{id}', { path: { id: paid.receiptId } })
                            : null;
                        panel.replaceChildren(
                            h('p', { className: 'ok' }, `Принято ${money(paid.amount)}.`),
                            shown ? receiptView(shown) : '',
                        );
                        return `Оплата принята: ${money(paid.amount)}.`;
                    });
                });
                panel.replaceChildren(form);
                amount.focus();
            };

            const showRefunds = async () => {
                try {
                    panel.replaceChildren(await refundsPanel(id, status, actions.changed));
                } catch (e) {
                    showError(status, e);
                }
            };

            const showReceipts = async () => {
                try {
                    const receipts = await all('/api/v1/clients/{clientId}/receipts', {
                        path: { clientId: booking.clientId },
                    });
                    panel.replaceChildren(
                        receipts.length ? h('div', {}, ...receipts.map(receiptView)) : h('p', {}, 'Чеков нет.'),
                    );
                } catch (e) {
                    showError(status, e);
                }
            };

            await reload();
            return h('div', {}, root);
        },
        { testId: 'visit-dialog', wide: true },
    );
}

/** @param {MouseEvent} e */
const target = e => /** @type {HTMLButtonElement} */ (e.currentTarget);
