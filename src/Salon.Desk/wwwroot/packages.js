// A course package at the desk: a freeze (future days within the allowance) and the refund of its unused part, each
// with the rule stated before the desk presses the button.
import { Attempt, call, get, session } from './api.js';
import { busy, h, showOk } from './dom.js';
import { addDays, money, shortDate, today } from './format.js';
import { receiptView } from './receipts.js';

/** @typedef {import('../types/desk').Schemas} Schemas */

/**
 * @param {Schemas['PackageResponse']} p
 * @param {HTMLElement} panel where the form goes
 * @param {HTMLElement} status
 * @param {() => Promise<void>} done redraws the card
 */
export function showFreeze(p, panel, status, done) {
    const from = h('input', { type: 'date', required: true, 'aria-label': 'Заморозить с', min: addDays(today(), 1) });
    const to = h('input', { type: 'date', required: true, 'aria-label': 'Заморозить по', min: addDays(today(), 1) });
    from.value = addDays(today(), 1);
    to.value = addDays(today(), Math.min(7, p.freezeDaysLeft));
    const go = h('button', { type: 'submit', className: 'primary' }, 'Заморозить');
    const form = h(
        'form',
        { className: 'freeze', 'data-testid': 'freeze' },
        h(
            'p',
            { 'data-testid': 'freeze-policy' },
            `Заморозка — только на будущие дни и в пределах срока абонемента; осталось ${p.freezeDaysLeft} дн. ` +
                'Срок действия продлевается на дни заморозки; визиты в эти дни надо перенести.',
        ),
        h('label', {}, 'С ', from),
        h('label', {}, 'по ', to),
        go,
    );
    form.addEventListener('submit', event => {
        event.preventDefault();
        busy(go, status, async () => {
            const { body } = await call('post', '/api/v1/packages/{id}/freeze', {
                path: { id: p.id },
                body: { from: from.value, to: to.value },
            });
            panel.replaceChildren();
            await done();
            showOk(
                status,
                `Абонемент заморожен с ${shortDate(from.value)} по ${shortDate(to.value)}` +
                    (body.expiresOn ? `; действует до ${shortDate(body.expiresOn)}` : ''),
            );
        });
    });
    panel.replaceChildren(form);
    from.focus();
}

/**
 * The refund of what was not used, by the template's method (DESIGN: never more than pro rata, never below zero).
 * @param {Schemas['PackageResponse']} p
 * @param {HTMLElement} panel
 * @param {HTMLElement} status
 * @param {() => Promise<void>} done
 */
export async function showPackageRefund(p, panel, status, done) {
    const ledger = await get('/api/v1/packages/{id}/ledger', { path: { id: p.id } });
    const attempt = new Attempt();
    const rule =
        p.refundMethod === 'pro_rata'
            ? `Возвращается цена абонемента минус стоимость использованных занятий (пропорционально): ` +
              `${money(ledger.outstanding)}.`
            : `Использованные занятия считаются по цене разового посещения; возврат не больше пропорционального ` +
              `(${money(ledger.outstanding)}) и не меньше нуля.`;
    const method = h(
        'select',
        { 'aria-label': 'Способ возврата' },
        h('option', { value: '' }, 'тем же способом, что и оплата'),
        ...(session.role === 'admin'
            ? [h('option', { value: 'cash' }, 'наличными'), h('option', { value: 'card' }, 'на карту')]
            : []),
    );
    const reason = h('input', {
        'aria-label': 'Причина другого способа',
        placeholder: 'причина (для другого способа)',
    });
    const go = h('button', { type: 'submit', className: 'danger' }, 'Вернуть остаток');
    const form = h(
        'form',
        { className: 'refund', 'data-testid': 'package-refund' },
        h(
            'p',
            { 'data-testid': 'refund-policy' },
            rule,
            ' ',
            p.sessionsBooked > 0
                ? `Записанные занятия (${p.sessionsBooked}) сначала отмените или переведите на оплату. `
                : '',
            'Деньги возвращаются тем же способом, каким оплачен абонемент; другой способ — только администратор, с причиной.',
        ),
        method,
        session.role === 'admin' ? reason : null,
        go,
    );
    form.addEventListener('submit', event => {
        event.preventDefault();
        busy(go, status, async () => {
            const refund = await attempt.post('/api/v1/packages/{id}/refund', {
                path: { id: p.id },
                body: {
                    method: method.value === 'cash' ? 'cash' : method.value === 'card' ? 'card' : undefined,
                    reason: reason.value.trim() || undefined,
                },
            });
            const receipt = await get('/api/v1/receipts/{id}', { path: { id: refund.receiptId } });
            await done();
            panel.replaceChildren(receiptView(receipt));
            showOk(status, `Возвращено ${money(refund.amount)}.`);
        });
    });
    panel.replaceChildren(form);
    method.focus();
}
