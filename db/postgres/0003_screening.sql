-- Mandatory pre-visit screening. The questionnaire and the effect of each yes per service kind are data, seeded here
-- from DESIGN.md, so that the salon's doctor can tighten a rule without a release. Health answers are special-category
-- personal data: reads of answers and clearances are written to health_audit.

CREATE TABLE screening_questions (
    code          varchar(3) PRIMARY KEY,
    text_ru       varchar(500) NOT NULL,
    text_en       varchar(500) NOT NULL,
    asked_on_day  boolean NOT NULL,
    sort_order    int NOT NULL
);

CREATE TABLE screening_rules (
    question_code  varchar(3) NOT NULL REFERENCES screening_questions (code),
    kind           varchar(5) NOT NULL CHECK (kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    effect         varchar(1) NOT NULL CHECK (effect IN ('A', 'R', 'D', 'W', '-')),
    PRIMARY KEY (question_code, kind)
);

CREATE TABLE screenings (
    id            uuid PRIMARY KEY,
    client_id     uuid NOT NULL REFERENCES clients (id),
    submitted_at  timestamptz NOT NULL,
    valid_until   timestamptz NOT NULL,
    channel       varchar(10) NOT NULL CHECK (channel IN ('mobile', 'desk')),
    submitted_by  uuid NULL,
    superseded_at timestamptz NULL
);
CREATE INDEX ix_screenings_client ON screenings (client_id, submitted_at);

CREATE TABLE screening_answers (
    screening_id   uuid NOT NULL REFERENCES screenings (id),
    question_code  varchar(3) NOT NULL REFERENCES screening_questions (code),
    answer         boolean NOT NULL,
    PRIMARY KEY (screening_id, question_code)
);

CREATE TABLE clearances (
    id            uuid PRIMARY KEY,
    client_id     uuid NOT NULL REFERENCES clients (id),
    issued_on     char(10) NOT NULL,
    valid_until   char(10) NOT NULL,
    doctor        varchar(200) NOT NULL,
    clinic        varchar(200) NOT NULL,
    restrictions  varchar(500) NULL,
    pregnancy     boolean NOT NULL,
    recorded_at   timestamptz NOT NULL,
    recorded_by   uuid NULL,
    CHECK (valid_until >= issued_on)
);
CREATE INDEX ix_clearances_client ON clearances (client_id, valid_until);

CREATE TABLE clearance_kinds (
    clearance_id  uuid NOT NULL REFERENCES clearances (id),
    kind          varchar(5) NOT NULL CHECK (kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    PRIMARY KEY (clearance_id, kind)
);

CREATE TABLE day_checks (
    id          uuid PRIMARY KEY,
    booking_id  uuid NOT NULL REFERENCES bookings (id),
    answered_at timestamptz NOT NULL,
    answered_by uuid NULL,
    passed      boolean NOT NULL
);
CREATE INDEX ix_day_checks_booking ON day_checks (booking_id);

CREATE TABLE day_check_answers (
    day_check_id   uuid NOT NULL REFERENCES day_checks (id),
    question_code  varchar(3) NOT NULL REFERENCES screening_questions (code),
    answer         boolean NOT NULL,
    PRIMARY KEY (day_check_id, question_code)
);

CREATE TABLE health_audit (
    id          uuid PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_id    uuid NULL,
    actor_role  varchar(200) NOT NULL,
    client_id   uuid NOT NULL,
    what        varchar(200) NOT NULL,
    record_id   uuid NULL
);
CREATE INDEX ix_health_audit_at ON health_audit (at);
CREATE INDEX ix_health_audit_client ON health_audit (client_id, at);

INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q01', 'температура 37,5 °C и выше, простуда или грипп, любая острая инфекция', 'fever 37.5 °C or more, cold or flu, any acute infection', true, 1);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q02', 'рана, глубокая царапина, порез, ожог, сыпь, грибковое или гнойничковое поражение, язва на ногах', 'wound, deep scratch, cut, burn, rash, fungal or pustular lesion, ulcer on the legs', true, 2);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q03', 'тромбоз или тромбофлебит (известный или подозреваемый); новый односторонний отёк, боль или покраснение ноги', 'known or suspected thrombosis or thrombophlebitis; new one-sided leg swelling, pain or redness', true, 3);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q04', 'перенесённый тромбоз глубоких вен или ТЭЛА (пролеченные)', 'past deep-vein thrombosis or pulmonary embolism (treated)', false, 4);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q05', 'варикоз с узлами или изменениями кожи (больше, чем сосудистые звёздочки)', 'varicose veins with nodes or skin changes (more than spider veins)', false, 5);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q06', 'сердечная недостаточность с одышкой в покое или при малой нагрузке', 'heart failure with breathlessness at rest or on slight effort', false, 6);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q07', 'другое серьёзное заболевание сердца (аритмия, стенокардия, перенесённый инфаркт или инсульт)', 'other serious heart disease (arrhythmia, angina, past heart attack or stroke)', false, 7);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q08', 'кардиостимулятор, дефибриллятор или другой имплантированный электронный прибор', 'pacemaker, defibrillator or other implanted electronic device', false, 8);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q09', 'металлические импланты в ногах или тазу', 'metal implants in the legs or pelvis', false, 9);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q10', 'эпилепсия или судороги', 'epilepsy or seizures', false, 10);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q11', 'онкологическое заболевание сейчас или в стадии лечения', 'cancer now or under treatment', false, 11);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q12', 'онкологическое заболевание в ремиссии', 'cancer in remission', false, 12);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q13', 'почечная недостаточность или диализ', 'kidney failure or dialysis', false, 13);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q14', 'другое серьёзное заболевание почек', 'other serious kidney disease', false, 14);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q15', 'сахарный диабет', 'diabetes mellitus', false, 15);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q16', 'заболевание репродуктивных органов', 'disease of the reproductive organs', false, 16);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q17', 'беременность', 'pregnancy', true, 17);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q18', 'нарушение свёртываемости крови', 'bleeding disorder', false, 18);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q19', 'приём антикоагулянтов или антиагрегантов', 'takes anticoagulants or antiplatelet drugs', true, 19);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q20', 'тяжёлое заболевание артерий ног (боль в икрах при ходьбе)', 'severe arterial disease of the legs (calf pain when walking)', false, 20);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q21', 'плохое самочувствие или повышенное давление сегодня', 'feels unwell or has high blood pressure today', true, 21);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q22', 'аллергия на мёд или продукты пчеловодства', 'allergy to honey or bee products', false, 22);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q23', 'операция на ногах, животе или органах малого таза за последние 3 месяца', 'surgery on the legs, abdomen or pelvis in the last 3 months', false, 23);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q24', 'онемение или снижение чувствительности ног', 'numbness or reduced sensation in the legs', false, 24);
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q01', 'SURF', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q01', 'DEEP', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q01', 'HONEY', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q01', 'PRESS', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q01', 'MICRO', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q01', 'VAC', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q02', 'SURF', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q02', 'DEEP', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q02', 'HONEY', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q02', 'PRESS', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q02', 'MICRO', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q02', 'VAC', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q03', 'SURF', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q03', 'DEEP', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q03', 'HONEY', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q03', 'PRESS', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q03', 'MICRO', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q03', 'VAC', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q04', 'SURF', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q04', 'DEEP', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q04', 'HONEY', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q04', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q04', 'MICRO', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q04', 'VAC', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q05', 'SURF', 'W');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q05', 'DEEP', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q05', 'HONEY', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q05', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q05', 'MICRO', 'W');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q05', 'VAC', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q06', 'SURF', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q06', 'DEEP', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q06', 'HONEY', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q06', 'PRESS', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q06', 'MICRO', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q06', 'VAC', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q07', 'SURF', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q07', 'DEEP', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q07', 'HONEY', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q07', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q07', 'MICRO', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q07', 'VAC', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q08', 'SURF', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q08', 'DEEP', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q08', 'HONEY', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q08', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q08', 'MICRO', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q08', 'VAC', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q09', 'SURF', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q09', 'DEEP', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q09', 'HONEY', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q09', 'PRESS', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q09', 'MICRO', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q09', 'VAC', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q10', 'SURF', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q10', 'DEEP', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q10', 'HONEY', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q10', 'PRESS', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q10', 'MICRO', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q10', 'VAC', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q11', 'SURF', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q11', 'DEEP', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q11', 'HONEY', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q11', 'PRESS', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q11', 'MICRO', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q11', 'VAC', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q12', 'SURF', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q12', 'DEEP', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q12', 'HONEY', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q12', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q12', 'MICRO', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q12', 'VAC', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q13', 'SURF', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q13', 'DEEP', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q13', 'HONEY', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q13', 'PRESS', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q13', 'MICRO', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q13', 'VAC', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q14', 'SURF', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q14', 'DEEP', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q14', 'HONEY', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q14', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q14', 'MICRO', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q14', 'VAC', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q15', 'SURF', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q15', 'DEEP', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q15', 'HONEY', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q15', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q15', 'MICRO', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q15', 'VAC', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q16', 'SURF', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q16', 'DEEP', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q16', 'HONEY', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q16', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q16', 'MICRO', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q16', 'VAC', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q17', 'SURF', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q17', 'DEEP', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q17', 'HONEY', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q17', 'PRESS', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q17', 'MICRO', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q17', 'VAC', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q18', 'SURF', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q18', 'DEEP', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q18', 'HONEY', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q18', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q18', 'MICRO', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q18', 'VAC', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q19', 'SURF', 'W');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q19', 'DEEP', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q19', 'HONEY', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q19', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q19', 'MICRO', 'W');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q19', 'VAC', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q20', 'SURF', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q20', 'DEEP', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q20', 'HONEY', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q20', 'PRESS', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q20', 'MICRO', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q20', 'VAC', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q21', 'SURF', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q21', 'DEEP', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q21', 'HONEY', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q21', 'PRESS', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q21', 'MICRO', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q21', 'VAC', 'D');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q22', 'SURF', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q22', 'DEEP', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q22', 'HONEY', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q22', 'PRESS', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q22', 'MICRO', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q22', 'VAC', '-');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q23', 'SURF', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q23', 'DEEP', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q23', 'HONEY', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q23', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q23', 'MICRO', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q23', 'VAC', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q24', 'SURF', 'W');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q24', 'DEEP', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q24', 'HONEY', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q24', 'PRESS', 'R');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q24', 'MICRO', 'A');
INSERT INTO screening_rules (question_code, kind, effect) VALUES ('Q24', 'VAC', 'R');
