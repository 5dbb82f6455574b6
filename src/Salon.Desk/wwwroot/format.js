// Words and numbers as the desk shows them: Russian, rubles, salon-local times.

/** @type {Record<string, string>} */
export const statusWords = {
    booked: 'записан',
    checked_in: 'пришёл',
    completed: 'завершён',
    cancelled: 'отменён',
    no_show: 'не пришёл',
};

/** The screening outcome in one word for the front desk: never question codes. */
/** @type {Record<string, string>} */
export const outcomeWords = {
    allowed: 'допущен',
    allowed_with_warnings: 'допущен с предупреждением',
    needs_clearance: 'нужна справка врача',
    blocked: 'противопоказано',
};

/** @type {Record<string, string>} */
export const kindWords = {
    SURF: 'поверхностный ручной',
    DEEP: 'глубокий ручной',
    HONEY: 'медовый',
    PRESS: 'прессотерапия',
    MICRO: 'микротоки',
    VAC: 'вакуум',
};

/** @type {Record<string, string>} */
export const methodWords = { cash: 'наличные', card: 'карта' };

/** @type {Record<string, string>} */
export const cancellationWords = {
    client_in_time: 'клиентом вовремя',
    client_late: 'клиентом поздно',
    salon: 'салоном',
    health_check: 'по здоровью',
};

/** 54-FZ tag 1214: the payment method of a receipt line. */
/** @type {Record<number, string>} */
export const paymentMethodTags = {
    1: 'предоплата 100%',
    2: 'предоплата',
    3: 'аванс',
    4: 'полный расчёт',
    5: 'частичный расчёт и кредит',
    6: 'передача в кредит',
    7: 'оплата кредита',
};

/** @type {Record<number, string>} */
export const subjectTags = { 1: 'товар', 4: 'услуга', 10: 'платёж' };

export let salonZone = 'Europe/Moscow';
/** @param {string} zone */
export function setZone(zone) {
    if (zone) salonZone = zone;
}

const rub = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', minimumFractionDigits: 2 });
/** @param {number | null | undefined} amount rubles with two decimals, as the API gives them */
export const money = amount => rub.format(amount ?? 0);

/** @param {string} iso */
export function time(iso) {
    return new Intl.DateTimeFormat('ru-RU', { timeZone: salonZone, hour: '2-digit', minute: '2-digit' }).format(
        new Date(iso),
    );
}

/** @param {string} iso */
export function dateTime(iso) {
    return new Intl.DateTimeFormat('ru-RU', {
        timeZone: salonZone,
        day: 'numeric',
        month: 'long',
        hour: '2-digit',
        minute: '2-digit',
    }).format(new Date(iso));
}

/** @param {string} date yyyy-MM-dd */
export function longDate(date) {
    return new Intl.DateTimeFormat('ru-RU', {
        timeZone: 'UTC',
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
    }).format(new Date(date + 'T12:00:00Z'));
}

/** Minutes since the salon-local midnight of an instant. @param {string} iso */
export function localMinutes(iso) {
    const parts = new Intl.DateTimeFormat('en-GB', {
        timeZone: salonZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
    }).formatToParts(new Date(iso));
    const part = (/** @type {string} */ t) => Number(parts.find(p => p.type === t)?.value ?? 0);
    return part('hour') * 60 + part('minute');
}

/** Today's salon-local date, yyyy-MM-dd. */
export function today() {
    return new Intl.DateTimeFormat('en-CA', { timeZone: salonZone }).format(new Date());
}

/** @param {string} date @param {number} days */
export function addDays(date, days) {
    const d = new Date(date + 'T12:00:00Z');
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
}

const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** @param {string} date */
export const weekday = date => weekdays[new Date(date + 'T12:00:00Z').getUTCDay()];

/** "09:30" to minutes. @param {string} hhmm */
export const minutesOf = hhmm => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** @param {number} minutes */
export const hhmm = minutes =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The salon-local date of an instant, yyyy-MM-dd. @param {string} iso */
export function localDate(iso) {
    return new Intl.DateTimeFormat('en-CA', { timeZone: salonZone }).format(new Date(iso));
}

/** @param {string} date yyyy-MM-dd */
export function shortDate(date) {
    return new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
        new Date(date + 'T12:00:00Z'),
    );
}
