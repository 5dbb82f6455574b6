// A receipt as the online cash register (54-FZ) prints it: per line name, quantity, price, sum, VAT,
// subject (tag 1212) and payment method (tag 1214).
import { h } from './dom.js';
import { dateTime, money, paymentMethodTags, subjectTags } from './format.js';

/** @param {import('../types/desk').Schemas['ReceiptResponse']} r */
export function receiptView(r) {
    return h(
        'article',
        { className: 'receipt', 'data-testid': 'receipt' },
        h(
            'header',
            {},
            h('strong', {}, r.operation === 'income' ? 'Кассовый чек: приход' : 'Кассовый чек: возврат прихода'),
            ' ',
            dateTime(r.at),
        ),
        h(
            'table',
            {},
            h(
                'thead',
                {},
                h(
                    'tr',
                    {},
                    ...[
                        'Предмет расчёта',
                        'Кол-во',
                        'Цена',
                        'Сумма',
                        'НДС',
                        'Признак предмета (1212)',
                        'Способ расчёта (1214)',
                    ].map(t => h('th', {}, t)),
                ),
            ),
            h(
                'tbody',
                {},
                ...r.lines.map(l =>
                    h(
                        'tr',
                        {},
                        h('td', {}, l.name),
                        h('td', {}, l.quantity),
                        h('td', {}, money(l.price)),
                        h('td', {}, money(l.sum)),
                        h('td', {}, l.vatRate === 'none' ? 'без НДС' : `${l.vatRate} ${money(l.vatAmount)}`),
                        h('td', {}, `${l.subject} ${subjectTags[l.subject] ?? ''}`),
                        h('td', {}, `${l.paymentMethod} ${paymentMethodTags[l.paymentMethod] ?? ''}`),
                    ),
                ),
            ),
        ),
        h(
            'footer',
            {},
            `Итого ${money(r.total)}`,
            r.cash ? ` · наличными ${money(r.cash)}` : '',
            r.card ? ` · картой ${money(r.card)}` : '',
            r.prepaymentOffset ? ` · зачёт предоплаты ${money(r.prepaymentOffset)}` : '',
            r.credit ? ` · в кредит ${money(r.credit)}` : '',
        ),
    );
}
