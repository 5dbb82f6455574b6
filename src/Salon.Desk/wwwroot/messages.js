// Every problem type the API can return, in the desk's words. A test scans the API's sources for refusal codes
// and fails when one is missing here, so a new refusal never reaches the desk as English or as a bare code.

/** @type {Record<string, string>} */
export const problemMessages = {
    // booking rules
    'slot-taken': 'Это время уже занято: мастер или аппарат заняты. Выберите другое время.',
    'device-unit-taken': 'Аппарат на это время уже занят. Выберите другое время или другой аппарат.',
    'client-busy': 'У клиента уже есть запись на это время.',
    'in-the-past': 'Это время уже прошло.',
    'beyond-horizon': 'Так далеко вперёд запись ещё не открыта.',
    'off-grid': 'Запись начинается только по сетке салона (каждые 15 минут).',
    'outside-working-hours': 'Мастер в это время не работает.',
    'therapist-not-qualified': 'Мастер не выполняет эту услугу.',
    'too-soon': 'Через приложение можно записаться не позже чем за два часа.',
    'service-inactive': 'Услуга снята с продажи.',
    'no-price': 'У услуги нет цены на эту дату.',
    'illegal-transition': 'С записью в этом состоянии так поступить нельзя; обновите день.',
    'check-in-window': 'Отметить приход можно не раньше чем за два часа до начала и до конца сеанса.',
    'too-early': 'Неявку можно отметить только после начала сеанса.',
    'no-show': 'Клиент не пришёл.',
    // screening
    'screening-required': 'Нет действующей анкеты здоровья: заполните анкету перед записью.',
    'screening-blocks': 'По анкете здоровья эта услуга клиенту противопоказана.',
    'clearance-required': 'Для этой услуги нужно заключение врача.',
    'health-consent-required': 'Нет согласия на обработку данных о здоровье: запишите согласие.',
    'guardian-consent-required': 'Клиент несовершеннолетний: нужно согласие законного представителя.',
    'day-of-answers-required': 'Перед сеансом задайте вопросы дня и отметьте ответы.',
    'day-of-check-failed': 'Сеанс сегодня невозможен по ответам на вопросы дня; запись отменена без штрафа.',
    'pregnancy-weekly-cap': 'При беременности — не больше двух сеансов за 7 дней.',
    'clearance-in-future': 'Дата заключения врача ещё не наступила.',
    'consent-already-withdrawn': 'Это согласие уже отозвано.',
    // courses
    'course-cadence': 'По правилам курса между сеансами должен быть перерыв.',
    'package-exhausted': 'В абонементе не осталось сеансов.',
    'package-expired': 'Срок абонемента истёк.',
    'package-frozen': 'Абонемент заморожен на эту дату.',
    'package-not-active': 'Абонемент не действует.',
    'package-not-covering': 'Абонемент не распространяется на эту услугу.',
    'package-refunded': 'Абонемент уже возвращён.',
    'package-has-bookings': 'По абонементу есть будущие записи: сначала отмените их.',
    'freeze-allowance-exceeded': 'Дней заморозки больше, чем позволяет абонемент.',
    'freeze-in-past': 'Заморозить можно только будущие дни.',
    'freeze-over-bookings': 'На эти дни есть записи по абонементу.',
    'freeze-overlaps': 'Эти дни уже заморожены.',
    'template-inactive': 'Этот абонемент больше не продаётся.',
    'template-name-taken': 'Абонемент с таким названием уже есть.',
    // money
    'visit-not-payable': 'Этот визит сейчас нельзя оплатить.',
    'paid-by-package': 'Визит оплачивается сеансом абонемента.',
    overpayment: 'Сумма больше, чем осталось оплатить.',
    'over-refund': 'Вернуть можно не больше, чем было оплачено.',
    'nothing-to-refund': 'Возвращать нечего.',
    'refund-package-instead': 'Это оплата абонемента: оформите возврат абонемента.',
    'price-exists': 'Цена с этой даты уже задана.',
    'price-in-past': 'Новую цену можно задать только с будущей даты.',
    'vat-date-taken': 'Режим НДС с этой даты уже задан.',
    'vat-in-past': 'Режим НДС можно задать только с будущей даты.',
    // clients, staff, catalogue
    'phone-taken': 'Клиент с таким телефоном уже есть: найдите его в поиске.',
    'phone-registered': 'Этот телефон уже зарегистрирован.',
    'login-taken': 'Такой логин уже занят.',
    'service-name-taken': 'Услуга с таким названием уже есть.',
    'invalid-credentials': 'Неверный логин или пароль.',
    // protocol
    validation: 'Проверьте поля формы.',
    'malformed-request': 'Запрос не понят сервером; обновите страницу.',
    'not-found': 'Не найдено: возможно, запись удалена; обновите день.',
    conflict: 'Конфликт с другим изменением; обновите день.',
    'precondition-failed': 'Данные изменились на другом рабочем месте: показаны свежие, повторите действие.',
    'precondition-required': 'Сначала обновите данные.',
    'idempotency-in-flight': 'Этот запрос ещё выполняется; подождите секунду.',
    'idempotency-key-reused': 'Повтор с другими данными: начните действие заново.',
    unauthorized: 'Сеанс работы истёк: войдите снова.',
    forbidden: 'Недостаточно прав для этого действия.',
    'method-not-allowed': 'Действие не поддерживается.',
    'not-acceptable': 'Формат ответа не поддерживается.',
    'payload-too-large': 'Слишком большой запрос.',
    'unsupported-media-type': 'Формат запроса не поддерживается.',
    'rate-limited': 'Слишком много попыток; подождите минуту.',
    internal: 'Ошибка сервера; попробуйте ещё раз.',
    network: 'Нет связи с сервером. Повторите: запрос безопасно повторяется и не задвоится.',
    // added with screening sign-off, money that closes, operations, app activation and events
    'screening-due': 'Анкета здоровья устарела или аннулирована: нужна новая анкета (и справка врача, где она нужна).',
    'health-processing-stopped': 'Клиент отозвал согласие на обработку данных о здоровье: сведения не показываются.',
    'birth-date-required': 'Сначала укажите дату рождения клиента: без неё согласие на обработку данных о здоровье не оформить.',
    'guardian-consent-at-desk': 'Согласие законного представителя оформляется только на стойке администратора.',
    'freeze-beyond-validity': 'Заморозка должна укладываться в срок действия абонемента.',
    'late-check-in-reason': 'Визит уже закончился по времени: чтобы отметить приход, укажите причину.',
    'refund-method': 'Возврат делается тем же способом, каким платили; другой способ — только администратором с причиной.',
    'app-account-exists': 'У клиента уже есть вход в приложение.',
    'too-many-invites': 'Слишком много кодов для этого клиента за час. Повторите позже.',
    'sign-up-refused': 'Регистрация с этим телефоном и кодом невозможна: попросите новый код на стойке.',
    'token-revoked': 'Доступ отозван: войдите заново.',
    'cannot-deactivate-self': 'Нельзя отключить собственную учётную запись.',
    'delivery-pending': 'Доставка ещё не завершена: повторить её пока нельзя.',
    'service-unavailable': 'База данных сейчас недоступна. Повторите через несколько секунд.',
    'timeout': 'Сервер не успел ответить. Повторите действие.',
    // waitlist
    'waitlist-duplicate': 'Клиент уже ждёт эту услугу в эти дни.',
    'waitlist-closed': 'Клиент уже не в листе ожидания: обновите день.',
    'offer-closed': 'Предложение уже закрыто: время занято, отклонено или придержка истекла.',
};

/** The last segment of a problem type URI, e.g. "slot-taken". */
export function problemCode(/** @type {string | null | undefined} */ type) {
    if (!type) return '';
    const slash = type.lastIndexOf('/');
    return slash >= 0 ? type.slice(slash + 1) : type;
}

/** A Russian sentence for a problem; an unknown type falls back to its title, never to nothing. */
export function describeProblem(
    /** @type {{type?: string | null, title?: string | null, status?: number | null}} */ p,
) {
    const code = problemCode(p.type);
    return problemMessages[code] ?? (p.status && p.status >= 500 ? problemMessages.internal : (p.title ?? code));
}
