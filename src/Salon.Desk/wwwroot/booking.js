// Booking: pick or register a client, pick a service, see the times open to that client, book.
import { Attempt, all, call, get } from './api.js';
import { busy, errorBox, h, openDialog, showError } from './dom.js';
import { kindWords, longDate, money, outcomeWords, time } from './format.js';
import { guardianFields, isMinor } from './guardian.js';
import { describeProblem } from './messages.js';

/** @typedef {import('../types/desk').Schemas} Schemas */

/**
 * A client finder with "register new" beside it; calls back with the chosen client.
 * @param {(client: {id: string, name: string}) => void} chosen
 */
export function clientPicker(chosen) {
    const results = h('ul', { className: 'results', 'aria-live': 'polite' });
    const status = h('div');
    const search = h('input', {
        type: 'search',
        placeholder: 'Фамилия, имя или телефон',
        'aria-label': 'Поиск клиента',
        autocomplete: 'off',
    });
    let timer = 0;
    search.addEventListener('input', () => {
        clearTimeout(timer);
        timer = window.setTimeout(async () => {
            const query = search.value.trim();
            if (query.length < 2) {
                results.replaceChildren();
                return;
            }
            try {
                const page = await get('/api/v1/clients', { query: { query, pageSize: 10 } });
                results.replaceChildren(
                    ...page.items.map(c =>
                        h(
                            'li',
                            {},
                            h(
                                'button',
                                {
                                    type: 'button',
                                    className: 'link',
                                    'data-testid': 'client-option',
                                    onclick: () => chosen({ id: c.id, name: `${c.lastName} ${c.firstName}` }),
                                },
                                `${c.lastName} ${c.firstName}${c.middleName ? ' ' + c.middleName : ''}, ${c.phone}`,
                            ),
                        ),
                    ),
                );
                if (page.items.length === 0)
                    results.replaceChildren(h('li', {}, 'Никого не нашли — зарегистрируйте нового клиента.'));
            } catch (e) {
                showError(status, e);
            }
        }, 250);
    });

    const first = h('input', { name: 'firstName', required: true, autocomplete: 'off' });
    const last = h('input', { name: 'lastName', required: true, autocomplete: 'off' });
    const phone = h('input', { name: 'phone', type: 'tel', required: true, placeholder: '+7 916 123-45-67' });
    // Health consent and the questionnaire need it (a minor also needs a guardian's consent).
    const birthDate = h('input', { name: 'birthDate', type: 'date' });
    const consent = h('input', { type: 'checkbox', name: 'consent', required: true });
    // Under 18 the guardian signs too; the fields are disabled (not checked by the form) for an adult.
    const guardian = guardianFields();
    const showGuardian = () => {
        const minor = isMinor(birthDate.value);
        guardian.element.hidden = !minor;
        guardian.element.disabled = !minor;
    };
    showGuardian();
    birthDate.addEventListener('change', showGuardian);
    const registerStatus = h('div');
    const register = h(
        'form',
        { className: 'register', hidden: true },
        h('label', {}, 'Фамилия ', last),
        h('label', {}, 'Имя ', first),
        h('label', {}, 'Телефон ', phone),
        h('label', {}, 'Дата рождения ', birthDate),
        guardian.element,
        h(
            'label',
            { className: 'check' },
            consent,
            ' Клиент подписал согласие на обработку персональных данных (152-ФЗ)',
        ),
        h('button', { type: 'submit' }, 'Зарегистрировать'),
        registerStatus,
    );
    register.addEventListener('submit', async event => {
        event.preventDefault();
        const button = /** @type {HTMLButtonElement} */ (register.querySelector('button[type=submit]'));
        await busy(button, registerStatus, async () => {
            const { body: client } = await call('post', '/api/v1/clients', {
                body: {
                    firstName: first.value.trim(),
                    lastName: last.value.trim(),
                    phone: phone.value.trim(),
                    birthDate: birthDate.value || undefined,
                    personalDataConsent: { channel: 'paper' },
                },
            });
            if (isMinor(client.birthDate)) await guardian.record(client.id);
            chosen({ id: client.id, name: `${client.lastName} ${client.firstName}` });
        });
    });
    const toggle = h(
        'button',
        {
            type: 'button',
            className: 'link',
            onclick: () => {
                register.hidden = !register.hidden;
                if (!register.hidden) last.focus();
            },
        },
        'Новый клиент…',
    );
    return h('div', { className: 'picker' }, search, toggle, results, status, register);
}

/** The outcome per service kind, in words only (no question codes for the desk). @param {string} clientId */
export async function outcomeLine(clientId) {
    const outcome = await get('/api/v1/clients/{clientId}/screening-outcome', { path: { clientId } });
    if (!outcome.healthConsent)
        return h('p', { className: 'warn', 'data-testid': 'outcome' }, 'Нет согласия на обработку данных о здоровье.');
    if (!outcome.hasValidScreening)
        return h('p', { className: 'warn', 'data-testid': 'outcome' }, 'Нет действующей анкеты здоровья.');
    return h(
        'ul',
        { className: 'outcomes', 'data-testid': 'outcome' },
        ...outcome.kinds.map(k =>
            h('li', { className: k.status }, `${kindWords[k.kind] ?? k.kind}: ${outcomeWords[k.status] ?? k.status}`),
        ),
    );
}

/**
 * @param {{date: string, therapistId?: string | null, clientId?: string, clientName?: string, onBooked: () => void,
 *          openClient: (id: string) => HTMLDialogElement}} start
 */
export function openBooking(start) {
    return openDialog(
        'Новая запись',
        async () => {
            // Salons have a few dozen of each: one page of the largest size holds them all.
            const [services, therapists] = await Promise.all([all('/api/v1/services'), all('/api/v1/therapists')]);
            /** @type {{id: string, name: string} | null} */
            let client = null;
            /** @type {Schemas['SlotResponse'] | null} */
            let slot = null;
            const attempt = new Attempt();

            const who = h('div', { className: 'who' });
            const outcome = h('div');
            const serviceSelect = h(
                'select',
                { 'aria-label': 'Услуга', name: 'service' },
                h('option', { value: '' }, '— услуга —'),
                ...services
                    .filter(s => s.active)
                    .map(s =>
                        h('option', { value: s.id }, `${s.name}, ${s.durationMinutes} мин, ${money(s.currentPrice)}`),
                    ),
            );
            const therapistSelect = h(
                'select',
                { 'aria-label': 'Мастер', name: 'therapist' },
                h('option', { value: '' }, 'любой мастер'),
                ...therapists
                    .filter(t => t.active)
                    .map(t =>
                        h(
                            'option',
                            { value: t.id, selected: t.id === start.therapistId },
                            `${t.firstName} ${t.lastName}`,
                        ),
                    ),
            );
            const packageSelect = h(
                'select',
                { 'aria-label': 'Абонемент', name: 'package' },
                h('option', { value: '' }, 'без абонемента'),
            );
            const dateInput = h('input', { type: 'date', value: start.date, 'aria-label': 'Дата', name: 'date' });
            const slots = h('div', { className: 'slots', 'data-testid': 'slots' });
            const status = h('div', { 'aria-live': 'polite' });
            const book = h('button', { type: 'button', className: 'primary', disabled: true }, 'Записать');

            /** @param {{id: string, name: string}} c */
            const choose = async c => {
                client = c;
                who.replaceChildren(
                    h('strong', { 'data-testid': 'chosen-client' }, c.name),
                    ' ',
                    h(
                        'button',
                        {
                            type: 'button',
                            className: 'link',
                            onclick: () =>
                                // consent, questionnaire or a course sold in the card change what may be booked
                                start.openClient(c.id).addEventListener('close', () => {
                                    if (client?.id === c.id) choose(c);
                                }),
                        },
                        'карточка, анкета, абонементы',
                    ),
                );
                picker.hidden = true;
                outcome.replaceChildren(await outcomeLine(c.id).catch(errorBox));
                const packages = await all('/api/v1/clients/{clientId}/packages', { path: { clientId: c.id } }).catch(
                    () => [],
                );
                packageSelect.replaceChildren(
                    h('option', { value: '' }, 'без абонемента'),
                    ...packages
                        .filter(p => p.status === 'active' && p.sessionsLeft > 0)
                        .map(p => h('option', { value: p.id }, `${p.name}: осталось ${p.sessionsLeft}`)),
                );
                await findTimes();
            };
            const picker = clientPicker(choose);

            let search = 0;
            const findTimes = async () => {
                const mine = ++search; // an older answer arriving late must not be drawn over a newer one
                slot = null;
                book.disabled = true;
                slots.replaceChildren();
                status.replaceChildren();
                if (!client || !serviceSelect.value || !dateInput.value) return;
                try {
                    const answer = await get('/api/v1/availability', {
                        query: {
                            serviceId: serviceSelect.value,
                            from: dateInput.value,
                            to: dateInput.value,
                            clientId: client.id,
                            therapistId: therapistSelect.value || undefined,
                            packageId: packageSelect.value || undefined,
                        },
                    });
                    if (mine !== search) return;
                    if (answer.blockedForClient) {
                        slots.append(
                            h(
                                'p',
                                { className: 'error', role: 'alert', 'data-testid': 'blocked' },
                                describeProblem(answer.blockedForClient),
                            ),
                        );
                        return;
                    }
                    if (answer.slots.length === 0) {
                        slots.append(h('p', {}, `На ${longDate(dateInput.value)} свободного времени нет.`));
                        return;
                    }
                    slots.append(
                        ...answer.slots.map(s =>
                            h(
                                'button',
                                {
                                    type: 'button',
                                    className: 'slot',
                                    'data-testid': 'slot',
                                    'aria-pressed': 'false',
                                    title: s.therapists.map(t => t.name).join(', '),
                                    onclick: (/** @type {MouseEvent} */ e) => {
                                        slot = s;
                                        for (const b of slots.querySelectorAll('.slot'))
                                            b.setAttribute('aria-pressed', 'false');
                                        /** @type {HTMLElement} */ (e.currentTarget).setAttribute(
                                            'aria-pressed',
                                            'true',
                                        );
                                        book.disabled = false;
                                    },
                                },
                                time(s.start),
                            ),
                        ),
                    );
                } catch (e) {
                    showError(status, e);
                }
            };
            for (const el of [serviceSelect, therapistSelect, packageSelect, dateInput])
                el.addEventListener('change', findTimes);

            book.addEventListener('click', () =>
                busy(book, status, async () => {
                    if (!client || !slot) return;
                    const therapistId =
                        therapistSelect.value || (slot.therapists.length ? slot.therapists[0].id : undefined);
                    const booking = await attempt.post('/api/v1/bookings', {
                        body: {
                            clientId: client.id,
                            serviceId: serviceSelect.value,
                            startsAt: slot.start,
                            therapistId: therapistSelect.value ? therapistId : undefined,
                            packageId: packageSelect.value || undefined,
                        },
                    });
                    status.replaceChildren(
                        h(
                            'p',
                            { className: 'ok', role: 'status', 'data-testid': 'booked' },
                            `Записано: ${booking.clientName}, ${booking.service.name}, ${time(booking.startsAt)}, ` +
                                `мастер ${booking.therapist.name}` +
                                (booking.device ? `, ${booking.device.name}` : ''),
                        ),
                    );
                    slot = null;
                    book.disabled = true;
                    start.onBooked();
                }),
            );

            if (start.clientId)
                queueMicrotask(() => choose({ id: start.clientId ?? '', name: start.clientName ?? '' }));
            return h(
                'div',
                { className: 'booking', 'data-testid': 'booking-dialog' },
                h('fieldset', {}, h('legend', {}, 'Клиент'), who, picker, outcome),
                h(
                    'fieldset',
                    {},
                    h('legend', {}, 'Услуга и время'),
                    h('div', { className: 'row' }, serviceSelect, therapistSelect, packageSelect, dateInput),
                    slots,
                ),
                h('div', { className: 'actions' }, book),
                status,
            );
        },
        { testId: 'booking', wide: true },
    );
}
