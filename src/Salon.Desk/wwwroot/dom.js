// A few DOM helpers: elements from data (text is always set as text, never parsed as HTML) and modal dialogs.
import { ApiError } from './api.js';

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [attrs] properties (onclick, className, value...) or, with a dash, attributes
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null || v === false) continue;
        if (k.includes('-') || k === 'role' || k === 'for') el.setAttribute(k, String(v));
        else Reflect.set(el, k, v);
    }
    for (const c of children)
        if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
    return el;
}

/**
 * Opens a modal dialog (Esc closes it, focus moves into it and back when it closes).
 * @param {string} title
 * @param {(dialog: HTMLDialogElement, close: () => void) => (Node | Promise<Node>)} content
 * @param {{testId?: string, wide?: boolean}} [options]
 */
export function openDialog(title, content, options = {}) {
    const before = document.activeElement;
    const dialog = h('dialog', {
        className: options.wide ? 'wide' : '',
        'data-testid': options.testId,
        'aria-label': title,
    });
    const close = () => dialog.close();
    dialog.addEventListener('close', () => {
        dialog.remove();
        if (before instanceof HTMLElement) before.focus();
    });
    const body = h('div', { className: 'dialog-body' }, 'Загрузка…');
    dialog.append(
        h(
            'header',
            {},
            h('h2', {}, title),
            h('button', { type: 'button', className: 'close', 'aria-label': 'Закрыть', onclick: close }, '×'),
        ),
        body,
    );
    document.body.append(dialog);
    dialog.showModal();
    Promise.resolve(content(dialog, close)).then(
        node => {
            body.replaceChildren(node);
            const first = body.querySelector('input, select, button, textarea');
            if (first instanceof HTMLElement) first.focus();
        },
        error => body.replaceChildren(errorBox(error)),
    );
    return dialog;
}

/** A message for a failure, in Russian, with an alert role so screen readers announce it. @param {unknown} error */
export function errorBox(error) {
    const box = h('p', { className: 'error', role: 'alert', 'data-testid': 'error' });
    if (error instanceof ApiError) {
        box.textContent = error.message;
        box.dataset.code = error.code;
        const errors = error.problem.errors;
        if (errors) box.append(' ', Object.keys(errors).map(fieldWord).join(', '));
    } else box.textContent = 'Ошибка: ' + String(error);
    return box;
}

/** @type {Record<string, string>} */
const fieldWords = {
    firstName: 'имя',
    lastName: 'фамилия',
    phone: 'телефон',
    email: 'эл. почта',
    birthDate: 'дата рождения',
    amount: 'сумма',
    startsAt: 'время',
    answers: 'ответы анкеты',
    dayOfAnswers: 'вопросы дня',
    kinds: 'виды услуг',
    doctor: 'врач',
    clinic: 'клиника',
    validUntil: 'действует до',
    issuedOn: 'дата выдачи',
};
/** @param {string} field */
const fieldWord = field => fieldWords[field.replace(/^\$\.?/, '')] ?? field;

/** Shows a result or a failure in a status line. @param {HTMLElement} where @param {unknown} error */
export function showError(where, error) {
    where.replaceChildren(errorBox(error));
}

/** @param {HTMLElement} where @param {string} text */
export function showOk(where, text) {
    where.replaceChildren(h('p', { className: 'ok', role: 'status' }, text));
}

/**
 * Runs an action from a button: disabled while it runs, so a double click cannot send it twice.
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} status
 * @param {() => Promise<void>} action
 */
export async function busy(button, status, action) {
    button.disabled = true;
    status.replaceChildren();
    try {
        await action();
    } catch (e) {
        showError(status, e);
    } finally {
        button.disabled = false;
    }
}
