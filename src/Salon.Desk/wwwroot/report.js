// The day's cash report: takings and refunds by method, courses sold, sessions given, advances outstanding.
import { get } from './api.js';
import { h, openDialog } from './dom.js';
import { longDate, methodWords, money } from './format.js';

/** @param {string} date */
export function openCashReport(date) {
    return openDialog(
        `Касса за ${longDate(date)}`,
        async () => {
            const r = await get('/api/v1/reports/cash', { query: { date } });
            /** @param {string} label @param {string | number} value */
            const row = (label, value) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value));
            return h(
                'table',
                { className: 'report', 'data-testid': 'cash-report' },
                h(
                    'tbody',
                    {},
                    ...r.takings.map(t =>
                        row(`Приход: ${methodWords[t.method] ?? t.method} (${t.count})`, money(t.amount)),
                    ),
                    ...r.refunds.map(t =>
                        row(`Возвраты: ${methodWords[t.method] ?? t.method} (${t.count})`, money(t.amount)),
                    ),
                    row('Итого за день', money(r.netTakings)),
                    row(`Продано абонементов (${r.packagesSold})`, money(r.packagesSoldAmount)),
                    row(`Проведено сеансов по абонементам (${r.sessionsRedeemed})`, money(r.sessionsRedeemedValue)),
                    row(`Сгорело сеансов (${r.sessionsBurned})`, money(r.sessionsBurnedValue)),
                    row('Оплаченные, но не проведённые сеансы', money(r.prepaidSessionsOutstanding)),
                    row('Предоплаты за визиты, не закрытые', money(r.depositsOutstanding)),
                ),
            );
        },
        { testId: 'cash-dialog' },
    );
}
