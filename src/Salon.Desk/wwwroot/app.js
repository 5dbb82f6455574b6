// The front desk: log in, then the day. Changes from other desks and the app arrive through the event stream
// (live.js), or by polling the day while the stream is down.
import { logIn, logOut, session } from './api.js';
import { openBooking, clientPicker } from './booking.js';
import { openClient } from './client.js';
import { errorBox, h, openDialog } from './dom.js';
import { addDays, longDate, today } from './format.js';
import { loadDay, renderDay } from './day.js';
import { watchChanges } from './live.js';
import { openCashReport } from './report.js';
import { openVisit } from './visit.js';
import { waitlistPanel } from './waitlist.js';

/** @type {Record<string, string>} */
const roleWords = { admin: 'администратор', frontdesk: 'ресепшн', therapist: 'мастер' };
const main = /** @type {HTMLElement} */ (document.getElementById('app'));

/** The day shown: from the address (#2026-12-02) so that a reload or a bookmark keeps it. */
const dateFromHash = () => (/^#\d{4}-\d{2}-\d{2}$/.test(location.hash) ? location.hash.slice(1) : today());

session.onExpired = () => {
    logOut();
    showLogin('Сеанс работы истёк: войдите снова.');
};

/** @param {string} [note] */
function showLogin(note) {
    stopPolling();
    const login = h('input', { name: 'login', autocomplete: 'username', required: true, value: 'frontdesk' });
    const password = h('input', {
        name: 'password',
        type: 'password',
        autocomplete: 'current-password',
        required: true,
    });
    const status = h('div', {}, note ? h('p', { className: 'warn' }, note) : null);
    const go = h('button', { type: 'submit', className: 'primary' }, 'Войти');
    const form = h(
        'form',
        { className: 'login', 'data-testid': 'login' },
        h('h1', {}, 'Салон — ресепшн'),
        h('label', {}, 'Логин ', login),
        h('label', {}, 'Пароль ', password),
        go,
        status,
    );
    form.addEventListener('submit', async event => {
        event.preventDefault();
        go.disabled = true;
        try {
            await logIn(login.value.trim(), password.value);
            showDesk();
        } catch (e) {
            status.replaceChildren(errorBox(e));
        } finally {
            go.disabled = false;
        }
    });
    main.replaceChildren(form);
    (login.value ? password : login).focus();
}

/** @type {(() => void) | undefined} */
let unwatch;
let shown = '';
let loading = false;
// a change announced while the day is being read is read again after it: that read may have started before the commit
let again = false;
function stopPolling() {
    unwatch?.();
    unwatch = undefined;
}

function showDesk() {
    const date = h('input', { type: 'date', 'aria-label': 'Дата', value: dateFromHash(), 'data-testid': 'date' });
    const title = h('h1', {});
    const stamp = h('span', { className: 'stamp', 'aria-live': 'off' });
    const live = h('span', { className: 'live', 'data-testid': 'live' });
    const dayArea = h('div', { className: 'day-area' });
    const go = (/** @type {string} */ d) => {
        date.value = d;
        location.hash = d;
        refresh(true);
    };

    const actions = {
        openVisit: (/** @type {string} */ id) =>
            openVisit(id, { changed: () => refresh(), openClient: c => openClient(c, { changed: () => refresh() }) }),
        bookAt: (/** @type {string | null} */ therapistId) =>
            openBooking({
                date: date.value,
                therapistId,
                onBooked: () => refresh(),
                openClient: c => openClient(c, { changed: () => refresh() }),
            }),
    };

    /** Reads the day again; draws it only when something changed, so an open dialog or focus is not disturbed. */
    async function refresh(force = false) {
        if (loading && !force) {
            again = true;
            return;
        }
        loading = true;
        const wanted = date.value;
        try {
            const day = await loadDay(wanted);
            if (wanted !== date.value) return;
            const fingerprint = JSON.stringify(day);
            title.textContent = longDate(wanted);
            stamp.textContent = `обновлено ${new Date().toLocaleTimeString('ru-RU')}`;
            if (fingerprint === shown && !force) return;
            shown = fingerprint;
            const scroll = dayArea.scrollTop;
            dayArea.replaceChildren(renderDay(day, actions), waitlistPanel(wanted, () => refresh(true)));
            dayArea.scrollTop = scroll;
        } catch (e) {
            stamp.replaceChildren(errorBox(e));
        } finally {
            loading = false;
            if (again) {
                again = false;
                refresh();
            }
        }
    }

    date.addEventListener('change', () => go(date.value));
    const findClient = () =>
        openDialog('Клиенты', (_, close) =>
            clientPicker(c => {
                close();
                openClient(c.id, { changed: () => refresh() });
            }),
        );
    const toolbar = h(
        'nav',
        { className: 'toolbar', 'aria-label': 'День' },
        h(
            'button',
            {
                type: 'button',
                onclick: () => go(addDays(date.value, -1)),
                'aria-label': 'Предыдущий день',
                accessKey: ',',
            },
            '←',
        ),
        date,
        h('button', { type: 'button', onclick: () => go(today()) }, 'Сегодня'),
        h(
            'button',
            {
                type: 'button',
                onclick: () => go(addDays(date.value, 1)),
                'aria-label': 'Следующий день',
                accessKey: '.',
            },
            '→',
        ),
        title,
        h(
            'button',
            { type: 'button', className: 'primary', onclick: () => actions.bookAt(null), accessKey: 'n' },
            'Новая запись',
        ),
        h('button', { type: 'button', onclick: findClient, accessKey: 'k' }, 'Клиенты'),
        h('button', { type: 'button', onclick: () => openCashReport(date.value) }, 'Касса'),
        live,
        stamp,
        h(
            'button',
            {
                type: 'button',
                className: 'link',
                onclick: () => {
                    logOut();
                    showLogin();
                },
            },
            `Выйти (${roleWords[session.role] ?? session.role})`,
        ),
    );
    main.replaceChildren(toolbar, dayArea);
    shown = '';
    refresh(true);
    stopPolling();
    unwatch = watchChanges({
        changed: () => refresh(),
        mode: mode => {
            live.dataset.mode = mode;
            live.textContent = mode === 'stream' ? '● в реальном времени' : '○ обновление раз в 4 с';
            live.title =
                mode === 'stream'
                    ? 'Изменения с других мест и из приложения приходят сразу.'
                    : 'Поток изменений недоступен: день перечитывается каждые 4 секунды.';
        },
    });
}

window.addEventListener('hashchange', () => {
    const input = /** @type {HTMLInputElement | null} */ (document.querySelector('[data-testid=date]'));
    if (input && input.value !== dateFromHash()) {
        input.value = dateFromHash();
        input.dispatchEvent(new Event('change'));
    }
});

if (session.token) showDesk();
else showLogin();
