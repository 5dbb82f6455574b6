// The client card: consents (a minor's guardian too), the health questionnaire, the outcome per service kind, a
// doctor's clearance (admin), course packages (sale, freeze, refund) and receipts.
import { Attempt, all, call, get, session } from './api.js';
import { busy, errorBox, h, openDialog, showError, showOk } from './dom.js';
import { kindWords, money, shortDate } from './format.js';
import { outcomeLine } from './booking.js';
import { guardianFields, isMinor } from './guardian.js';
import { showFreeze, showPackageRefund } from './packages.js';
import { receiptView } from './receipts.js';

/** @param {string} id @param {{changed: () => void}} actions */
export function openClient(id, actions) {
    return openDialog(
        'Клиент',
        async () => {
            const status = h('div', { 'aria-live': 'polite' });
            const panel = h('div', { className: 'panel' });
            const root = h('div', { className: 'client-card', 'data-testid': 'client-card' });
            const sale = new Attempt();

            const render = async () => {
                const [client, packages] = await Promise.all([
                    get('/api/v1/clients/{id}', { path: { id } }),
                    all('/api/v1/clients/{clientId}/packages', { path: { clientId: id } }),
                ]);
                const health = client.consents.find(c => c.kind === 'health_data' && !c.withdrawnAt);
                const guardian = client.consents.find(c => c.kind === 'guardian' && !c.withdrawnAt);
                const minor = isMinor(client.birthDate);
                root.replaceChildren(
                    h(
                        'h3',
                        {},
                        `${client.lastName} ${client.firstName}${client.middleName ? ' ' + client.middleName : ''}`,
                        ' ',
                        h('small', {}, client.phone),
                    ),
                    h(
                        'p',
                        {},
                        health
                            ? 'Согласие на обработку данных о здоровье получено.'
                            : 'Согласия на обработку данных о здоровье нет.',
                    ),
                    minor
                        ? h(
                              'p',
                              { className: guardian ? '' : 'warn', 'data-testid': 'guardian-consent' },
                              guardian
                                  ? `Клиенту нет 18 лет; согласие законного представителя: ${guardian.guardianName}` +
                                        ` (${guardian.guardianRelation}).`
                                  : 'Клиенту нет 18 лет: нужно согласие законного представителя.',
                          )
                        : '',
                    await outcomeLine(id).catch(errorBox),
                    h(
                        'div',
                        { className: 'actions' },
                        health
                            ? null
                            : h(
                                  'button',
                                  {
                                      type: 'button',
                                      onclick: (/** @type {MouseEvent} */ e) =>
                                          busy(btn(e), status, async () => {
                                              await call('post', '/api/v1/clients/{id}/consents', {
                                                  path: { id },
                                                  body: { kind: 'health_data', channel: 'paper' },
                                              });
                                              await render();
                                              showOk(status, 'Согласие записано (подписано на бумаге).');
                                          }),
                                  },
                                  'Согласие на данные о здоровье подписано',
                              ),
                        minor && !guardian
                            ? h('button', { type: 'button', onclick: () => showGuardian() }, 'Согласие представителя')
                            : null,
                        h('button', { type: 'button', onclick: () => showQuestionnaire() }, 'Анкета здоровья'),
                        session.role === 'admin'
                            ? h('button', { type: 'button', onclick: () => showClearance() }, 'Справка врача')
                            : null,
                        h('button', { type: 'button', onclick: () => showSale() }, 'Продать абонемент'),
                        h('button', { type: 'button', onclick: () => showReceipts() }, 'Чеки'),
                    ),
                    packages.length
                        ? h(
                              'ul',
                              { className: 'packages', 'data-testid': 'packages' },
                              ...packages.map(p =>
                                  h(
                                      'li',
                                      {},
                                      `${p.name}: использовано ${p.sessionsUsed} из ${p.sessionCount}, ` +
                                          `записано ${p.sessionsBooked}, осталось ${p.sessionsLeft}` +
                                          (p.expiresOn ? `, до ${shortDate(p.expiresOn)}` : '') +
                                          ` (${packageWords[p.status] ?? p.status})`,
                                      ' ',
                                      p.status === 'active' && p.freezeDaysLeft > 0
                                          ? h(
                                                'button',
                                                {
                                                    type: 'button',
                                                    className: 'link',
                                                    onclick: () => showFreeze(p, panel, status, render),
                                                },
                                                'заморозить',
                                            )
                                          : null,
                                      ' ',
                                      p.status === 'active' || p.status === 'expired'
                                          ? h(
                                                'button',
                                                {
                                                    type: 'button',
                                                    className: 'link',
                                                    onclick: () =>
                                                        showPackageRefund(p, panel, status, async () => {
                                                            await render();
                                                            actions.changed();
                                                        }).catch(e => showError(status, e)),
                                                },
                                                'вернуть остаток',
                                            )
                                          : null,
                                  ),
                              ),
                          )
                        : '',
                    panel,
                    status,
                );
            };

            const showGuardian = () => {
                const guardian = guardianFields();
                const go = h('button', { type: 'submit', className: 'primary' }, 'Записать согласие представителя');
                const form = h('form', {}, guardian.element, go);
                form.addEventListener('submit', event => {
                    event.preventDefault();
                    busy(go, status, async () => {
                        await guardian.record(id);
                        panel.replaceChildren();
                        await render();
                        showOk(status, 'Согласие законного представителя записано (подписано на бумаге).');
                    });
                });
                panel.replaceChildren(form);
                guardian.element.querySelector('input')?.focus();
            };

            const showQuestionnaire = async () => {
                const questions = await all('/api/v1/screening/questions');
                const boxes = questions.map(q => h('input', { type: 'checkbox', name: q.code }));
                const go = h('button', { type: 'submit', className: 'primary' }, 'Сохранить анкету');
                const form = h(
                    'form',
                    { className: 'questions', 'data-testid': 'questionnaire' },
                    h('p', {}, 'Отметьте вопросы, на которые клиент ответил «да»:'),
                    ...questions.map((q, i) => h('label', { className: 'check' }, boxes[i], ' ', q.textRu)),
                    go,
                );
                form.addEventListener('submit', event => {
                    event.preventDefault();
                    busy(go, status, async () => {
                        /** @type {Record<string, boolean>} */
                        const answers = {};
                        questions.forEach((q, i) => {
                            answers[q.code] = boxes[i].checked;
                        });
                        await call('post', '/api/v1/clients/{clientId}/screenings', {
                            path: { clientId: id },
                            body: { answers },
                        });
                        panel.replaceChildren();
                        await render();
                        actions.changed();
                        showOk(status, 'Анкета сохранена.');
                    });
                });
                panel.replaceChildren(form);
                boxes[0]?.focus();
            };

            const showClearance = async () => {
                const kinds = Object.keys(kindWords).map(k => h('input', { type: 'checkbox', value: k }));
                // The paper names the conditions it lifts; they are shown by the questionnaire's words.
                const questions = await all('/api/v1/screening/questions');
                const conditions = questions.map(q =>
                    h('input', { type: 'checkbox', value: q.code, name: `condition-${q.code}` }),
                );
                const issuedOn = h('input', { type: 'date', required: true, 'aria-label': 'Дата справки' });
                const validUntil = h('input', { type: 'date', 'aria-label': 'Действует до' });
                const doctor = h('input', { required: true, 'aria-label': 'Врач' });
                const clinic = h('input', { required: true, 'aria-label': 'Клиника' });
                const restrictions = h('input', { 'aria-label': 'Ограничения' });
                const pregnancy = h('input', { type: 'checkbox' });
                const go = h('button', { type: 'submit', className: 'primary' }, 'Записать справку');
                const form = h(
                    'form',
                    { className: 'clearance' },
                    h('label', {}, 'Дата ', issuedOn),
                    h('label', {}, 'Врач ', doctor),
                    h('label', {}, 'Клиника ', clinic),
                    h(
                        'fieldset',
                        {},
                        h('legend', {}, 'Разрешённые виды услуг'),
                        ...kinds.map(k => h('label', { className: 'check' }, k, ' ', kindWords[k.value])),
                    ),
                    h(
                        'fieldset',
                        { className: 'questions' },
                        h('legend', {}, 'Снимает противопоказания'),
                        ...questions.map((q, i) => h('label', { className: 'check' }, conditions[i], ' ', q.textRu)),
                    ),
                    h('label', {}, 'Действует до ', validUntil),
                    h('label', {}, 'Ограничения ', restrictions),
                    h('label', { className: 'check' }, pregnancy, ' справка при беременности'),
                    go,
                );
                form.addEventListener('submit', event => {
                    event.preventDefault();
                    busy(go, status, async () => {
                        await call('post', '/api/v1/clients/{clientId}/clearances', {
                            path: { clientId: id },
                            body: {
                                issuedOn: issuedOn.value,
                                doctor: doctor.value,
                                clinic: clinic.value,
                                kinds: kinds.filter(k => k.checked).map(k => k.value),
                                conditions: conditions.filter(c => c.checked).map(c => c.value),
                                validUntil: validUntil.value || undefined,
                                restrictions: restrictions.value || undefined,
                                pregnancy: pregnancy.checked,
                            },
                        });
                        panel.replaceChildren();
                        await render();
                        showOk(status, 'Справка записана.');
                    });
                });
                panel.replaceChildren(form);
                issuedOn.focus();
            };

            const showSale = async () => {
                const templates = (await all('/api/v1/package-templates')).filter(t => t.active);
                const template = h(
                    'select',
                    { 'aria-label': 'Абонемент' },
                    ...templates.map(t =>
                        h('option', { value: t.id }, `${t.name}, ${money(t.price)}, ${t.validityDays} дней`),
                    ),
                );
                const method = h(
                    'select',
                    { 'aria-label': 'Способ оплаты' },
                    h('option', { value: 'cash' }, 'наличные'),
                    h('option', { value: 'card' }, 'карта'),
                );
                const go = h('button', { type: 'submit', className: 'primary' }, 'Продать');
                const form = h('form', {}, template, method, go);
                form.addEventListener('submit', event => {
                    event.preventDefault();
                    busy(go, status, async () => {
                        const sold = await sale.post('/api/v1/packages', {
                            body: {
                                clientId: id,
                                templateId: template.value,
                                method: method.value === 'card' ? 'card' : 'cash',
                            },
                        });
                        const receipt = sold.receiptId
                            ? await get('/api/v1/receipts/{id}', { path: { id: sold.receiptId } })
                            : null;
                        await render();
                        panel.replaceChildren(receipt ? receiptView(receipt) : '');
                        actions.changed();
                        showOk(status, `Продан абонемент: ${sold.name}, ${money(sold.price)}.`);
                    });
                });
                panel.replaceChildren(form);
                template.focus();
            };

            const showReceipts = async () => {
                try {
                    const receipts = await all('/api/v1/clients/{clientId}/receipts', { path: { clientId: id } });
                    panel.replaceChildren(
                        receipts.length ? h('div', {}, ...receipts.map(receiptView)) : h('p', {}, 'Чеков нет.'),
                    );
                } catch (e) {
                    showError(status, e);
                }
            };

            await render();
            return root;
        },
        { testId: 'client-dialog', wide: true },
    );
}

/** @type {Record<string, string>} */
const packageWords = { active: 'действует', expired: 'истёк', refunded: 'возвращён', exhausted: 'использован' };

/** @param {MouseEvent} e */
const btn = e => /** @type {HTMLButtonElement} */ (e.currentTarget);
