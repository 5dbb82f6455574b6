// A minor's legal representative: under 18, health data needs the guardian's consent too (152-FZ), signed on paper at
// the desk with an identity document; the app cannot record it.
import { call } from './api.js';
import { h } from './dom.js';
import { today } from './format.js';

/** Under 18 on the salon's today. @param {string | null | undefined} birthDate yyyy-MM-dd */
export function isMinor(birthDate) {
    if (!birthDate) return false;
    return `${Number(birthDate.slice(0, 4)) + 18}${birthDate.slice(4)}` > today();
}

const relations = ['мать', 'отец', 'усыновитель', 'опекун', 'попечитель'];

/** The guardian's part of a form (name, relation, document) and how to record it for a client. */
export function guardianFields() {
    const name = h('input', { name: 'guardianName', required: true, 'aria-label': 'ФИО представителя' });
    const relation = h(
        'select',
        { name: 'guardianRelation', 'aria-label': 'Кем приходится' },
        ...relations.map(r => h('option', { value: r }, r)),
    );
    const document = h('input', {
        name: 'guardianDocument',
        required: true,
        'aria-label': 'Документ представителя',
        placeholder: 'паспорт 45 10 123456',
    });
    const element = h(
        'fieldset',
        { className: 'guardian', 'data-testid': 'guardian' },
        h('legend', {}, 'Законный представитель: клиенту нет 18 лет'),
        h('label', {}, 'ФИО ', name),
        h('label', {}, 'Кем приходится ', relation),
        h('label', {}, 'Документ ', document),
        h('p', { className: 'note' }, 'Представитель подписывает согласие на бумаге и предъявляет документ.'),
    );
    return {
        element,
        /** @param {string} clientId */
        record: clientId =>
            call('post', '/api/v1/clients/{id}/consents', {
                path: { id: clientId },
                body: {
                    kind: 'guardian',
                    channel: 'paper',
                    guardianName: name.value.trim(),
                    guardianRelation: relation.value,
                    guardianDocument: document.value.trim(),
                },
            }),
    };
}
