// The day: one column per therapist at work, one per device unit, visits as blocks, free time as buttons.
import { all, get } from './api.js';
import { h } from './dom.js';
import {
    addDays,
    hhmm,
    localDate,
    localMinutes,
    minutesOf,
    outcomeWords,
    setZone,
    statusWords,
    time,
    weekday,
} from './format.js';

/** @typedef {import('../types/desk').Schemas} Schemas */
/** One visit as the salon's day lists it, with course progress and the screening outcome. */
/** @typedef {Schemas['ScheduleItem']} ScheduleItem */

/**
 * Everything the day view shows, read in parallel.
 * @typedef {{date: string, therapists: Schemas['TherapistResponse'][], devices: Schemas['DeviceResponse'][],
 *   visits: ScheduleItem[], bookings: Schemas['BookingResponse'][]}} Day
 */

/** @param {string} date @returns {Promise<Day>} */
export async function loadDay(date) {
    const [therapists, devices, day, bookings] = await Promise.all([
        all('/api/v1/therapists'),
        all('/api/v1/devices'),
        get('/api/v1/schedule', { query: { date } }),
        all('/api/v1/bookings', { query: { from: date, to: date } }),
    ]);
    setZone(day.timeZone);
    return { date, therapists, devices, visits: day.visits, bookings };
}

const pxPerMinute = 1.6;

/**
 * @param {Day} day
 * @param {{openVisit: (id: string) => void, bookAt: (therapistId: string | null) => void}} actions
 */
export function renderDay(day, actions) {
    const byId = new Map(day.bookings.map(b => [b.id, b]));
    const live = day.visits.filter(v => v.status !== 'cancelled');
    const dayName = weekday(day.date);
    const columns = day.therapists
        .map(t => ({ t, hours: workingHours(t, day.date, dayName) }))
        .filter(c => c.hours.length > 0 || live.some(v => v.therapistId === c.t.id));
    const spans = [...columns.flatMap(c => c.hours), ...live.map(v => [localMinutes(v.start), localMinutes(v.end)])];
    const from = Math.min(9 * 60, ...spans.map(s => Math.floor(s[0] / 60) * 60));
    const to = Math.max(20 * 60, ...spans.map(s => Math.ceil(s[1] / 60) * 60));
    const height = (to - from) * pxPerMinute;
    const top = (/** @type {number} */ m) => `${(m - from) * pxPerMinute}px`;
    const tall = (/** @type {number} */ a, /** @type {number} */ b) => `${(b - a) * pxPerMinute}px`;

    const axis = h('div', { className: 'axis', style: `height:${height}px` });
    for (let m = from; m < to; m += 60) axis.append(h('div', { className: 'hour', style: `top:${top(m)}` }, hhmm(m)));

    /** @param {ScheduleItem} v */
    const block = v => {
        const booking = byId.get(v.bookingId);
        const a = localMinutes(v.start),
            b = localMinutes(v.end);
        const screening = v.screening ? (outcomeWords[v.screening] ?? v.screening) : 'анкета не действует';
        const label = `${time(v.start)}–${time(v.end)} ${v.client}, ${v.service}, ${statusWords[v.status] ?? v.status}`;
        return h(
            'button',
            {
                type: 'button',
                className: `visit ${v.status} screening-${v.screening ?? 'due'}`,
                style: `top:${top(a)};height:${tall(a, b)}`,
                'data-testid': 'visit',
                'data-booking-id': v.bookingId,
                'aria-label': label,
                title: label,
                onclick: () => actions.openVisit(v.bookingId),
            },
            h('span', { className: 'when' }, `${time(v.start)}–${time(v.end)}`),
            h('strong', { className: 'who' }, v.client),
            h('span', { className: 'what' }, v.service),
            h(
                'span',
                { className: 'tags' },
                h('span', { className: 'status' }, statusWords[v.status] ?? v.status),
                v.courseSession
                    ? h('span', { className: 'course' }, `курс ${v.courseSession}/${v.courseSessions}`)
                    : null,
                h('span', { className: 'outcome' }, screening),
                booking?.device ? h('span', { className: 'device' }, booking.device.name) : null,
            ),
        );
    };

    const lanes = columns.map(({ t, hours }) => {
        const lane = h('div', { className: 'lane', style: `height:${height}px`, 'data-testid': 'therapist-column' });
        const mine = live.filter(v => v.therapistId === t.id);
        for (const [a, b] of hours) {
            lane.append(h('div', { className: 'working', style: `top:${top(a)};height:${tall(a, b)}` }));
            for (const [fa, fb] of freeGaps(
                a,
                b,
                mine.map(v => [localMinutes(v.start), localMinutes(v.end)]),
            ))
                if (fb - fa >= 15)
                    lane.append(
                        h(
                            'button',
                            {
                                type: 'button',
                                className: 'free',
                                style: `top:${top(fa)};height:${tall(fa, fb)}`,
                                'data-testid': 'free',
                                'aria-label': `${t.firstName}: свободно ${hhmm(fa)}–${hhmm(fb)}, записать`,
                                onclick: () => actions.bookAt(t.id),
                            },
                            `свободно ${hhmm(fa)}–${hhmm(fb)}`,
                        ),
                    );
        }
        lane.append(...mine.map(block));
        return h('section', { className: 'column' }, h('h3', {}, `${t.firstName} ${t.lastName}`), lane);
    });

    const units = day.devices
        .filter(d => d.active)
        .map(d => {
            const lane = h('div', {
                className: 'lane device-lane',
                style: `height:${height}px`,
                'data-testid': 'device-column',
            });
            for (const v of live.filter(v => byId.get(v.bookingId)?.device?.id === d.id)) lane.append(block(v));
            return h(
                'section',
                { className: 'column device' },
                h('h3', {}, d.unitName, h('small', {}, deviceWords[d.deviceType] ?? d.deviceType)),
                lane,
            );
        });

    const cancelled = day.visits.filter(v => v.status === 'cancelled');
    return h(
        'div',
        { className: 'day', 'data-testid': 'day' },
        h(
            'div',
            { className: 'grid' },
            h('section', { className: 'column axis-column' }, h('h3', {}, ''), axis),
            ...lanes,
            units.length
                ? h(
                      'div',
                      { className: 'devices', role: 'group', 'aria-label': 'Аппараты' },
                      h('div', { className: 'devices-title' }, 'Аппараты'),
                      h('div', { className: 'device-row' }, ...units),
                  )
                : null,
        ),
        columns.length === 0 ? h('p', { className: 'empty' }, 'В этот день никто из мастеров не работает.') : null,
        cancelled.length
            ? h(
                  'details',
                  { className: 'cancelled' },
                  h('summary', {}, `Отменённые: ${cancelled.length}`),
                  h(
                      'ul',
                      {},
                      ...cancelled.map(v =>
                          h(
                              'li',
                              {},
                              h(
                                  'button',
                                  { type: 'button', className: 'link', onclick: () => actions.openVisit(v.bookingId) },
                                  `${time(v.start)} ${v.client}, ${v.service}`,
                              ),
                          ),
                      ),
                  ),
              )
            : null,
    );
}

/**
 * The therapist's hours on the date: the weekly hours, plus extra shifts, less time off (the exceptions).
 * @param {Schemas['TherapistResponse']} t @param {string} date @param {string} dayName
 */
function workingHours(t, date, dayName) {
    /** @param {Schemas['ScheduleException']} e @returns {number[]} */
    const span = e => [
        localDate(e.startsAt) < date ? 0 : localMinutes(e.startsAt),
        localDate(e.endsAt) > date ? 24 * 60 : localMinutes(e.endsAt),
    ];
    const today = t.upcomingExceptions.filter(e => localDate(e.startsAt) <= date && localDate(e.endsAt) >= date);
    let hours = [
        ...t.weeklyHours.filter(w => w.day === dayName).map(w => [minutesOf(w.start), minutesOf(w.end)]),
        ...today.filter(e => e.kind === 'extra_shift').map(span),
    ];
    for (const [a, b] of today.filter(e => e.kind === 'time_off').map(span))
        hours = hours
            .flatMap(([x, y]) => [
                [x, Math.min(y, a)],
                [Math.max(x, b), y],
            ])
            .filter(([x, y]) => y > x);
    return hours;
}

/** @type {Record<string, string>} */
const deviceWords = { pressotherapy: 'прессотерапия', microcurrent: 'микротоки', vacuum: 'вакуум' };

/**
 * Free stretches of [from, to) between busy intervals.
 * @param {number} from @param {number} to @param {number[][]} busy
 */
function freeGaps(from, to, busy) {
    const gaps = [];
    let at = from;
    for (const [a, b] of [...busy].sort((x, y) => x[0] - y[0])) {
        if (a > at) gaps.push([at, Math.min(a, to)]);
        at = Math.max(at, b);
    }
    if (at < to) gaps.push([at, to]);
    return gaps.filter(([a, b]) => b > a);
}

export { addDays };
