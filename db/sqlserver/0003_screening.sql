-- Mandatory pre-visit screening. The questionnaire and the effect of each yes per service kind are data, seeded here
-- from DESIGN.md, so that the salon's doctor can tighten a rule without a release. Health answers are special-category
-- personal data: reads of answers and clearances are written to health_audit.

CREATE TABLE screening_questions (
    code          nvarchar(3) NOT NULL PRIMARY KEY,
    text_ru       nvarchar(500) NOT NULL,
    text_en       nvarchar(500) NOT NULL,
    asked_on_day  bit NOT NULL,
    sort_order    int NOT NULL
);

CREATE TABLE screening_rules (
    question_code  nvarchar(3) NOT NULL REFERENCES screening_questions (code),
    kind           nvarchar(5) NOT NULL CHECK (kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    effect         nvarchar(1) NOT NULL CHECK (effect IN ('A', 'R', 'D', 'W', '-')),
    CONSTRAINT pk_screening_rules PRIMARY KEY (question_code, kind)
);

CREATE TABLE screenings (
    id            uniqueidentifier NOT NULL PRIMARY KEY,
    client_id     uniqueidentifier NOT NULL REFERENCES clients (id),
    submitted_at  datetimeoffset NOT NULL,
    valid_until   datetimeoffset NOT NULL,
    channel       nvarchar(10) NOT NULL CHECK (channel IN ('mobile', 'desk')),
    submitted_by  uniqueidentifier NULL,
    superseded_at datetimeoffset NULL
);
CREATE INDEX ix_screenings_client ON screenings (client_id, submitted_at);

CREATE TABLE screening_answers (
    screening_id   uniqueidentifier NOT NULL REFERENCES screenings (id),
    question_code  nvarchar(3) NOT NULL REFERENCES screening_questions (code),
    answer         bit NOT NULL,
    CONSTRAINT pk_screening_answers PRIMARY KEY (screening_id, question_code)
);

CREATE TABLE clearances (
    id            uniqueidentifier NOT NULL PRIMARY KEY,
    client_id     uniqueidentifier NOT NULL REFERENCES clients (id),
    issued_on     nchar(10) NOT NULL,
    valid_until   nchar(10) NOT NULL,
    doctor        nvarchar(200) NOT NULL,
    clinic        nvarchar(200) NOT NULL,
    restrictions  nvarchar(500) NULL,
    pregnancy     bit NOT NULL,
    recorded_at   datetimeoffset NOT NULL,
    recorded_by   uniqueidentifier NULL,
    CHECK (valid_until >= issued_on)
);
CREATE INDEX ix_clearances_client ON clearances (client_id, valid_until);

CREATE TABLE clearance_kinds (
    clearance_id  uniqueidentifier NOT NULL REFERENCES clearances (id),
    kind          nvarchar(5) NOT NULL CHECK (kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    CONSTRAINT pk_clearance_kinds PRIMARY KEY (clearance_id, kind)
);

CREATE TABLE day_checks (
    id          uniqueidentifier NOT NULL PRIMARY KEY,
    booking_id  uniqueidentifier NOT NULL REFERENCES bookings (id),
    answered_at datetimeoffset NOT NULL,
    answered_by uniqueidentifier NULL,
    passed      bit NOT NULL
);
CREATE INDEX ix_day_checks_booking ON day_checks (booking_id);

CREATE TABLE day_check_answers (
    day_check_id   uniqueidentifier NOT NULL REFERENCES day_checks (id),
    question_code  nvarchar(3) NOT NULL REFERENCES screening_questions (code),
    answer         bit NOT NULL,
    CONSTRAINT pk_day_check_answers PRIMARY KEY (day_check_id, question_code)
);

CREATE TABLE health_audit (
    id          uniqueidentifier NOT NULL PRIMARY KEY,
    at          datetimeoffset NOT NULL,
    actor_id    uniqueidentifier NULL,
    actor_role  nvarchar(200) NOT NULL,
    client_id   uniqueidentifier NOT NULL,
    what        nvarchar(200) NOT NULL,
    record_id   uniqueidentifier NULL
);
CREATE INDEX ix_health_audit_at ON health_audit (at);
CREATE INDEX ix_health_audit_client ON health_audit (client_id, at);

INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q01', N'температура 37,5 °C и выше, простуда или грипп, любая острая инфекция', N'fever 37.5 °C or more, cold or flu, any acute infection', 1, 1);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q02', N'рана, глубокая царапина, порез, ожог, сыпь, грибковое или гнойничковое поражение, язва на ногах', N'wound, deep scratch, cut, burn, rash, fungal or pustular lesion, ulcer on the legs', 1, 2);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q03', N'тромбоз или тромбофлебит (известный или подозреваемый); новый односторонний отёк, боль или покраснение ноги', N'known or suspected thrombosis or thrombophlebitis; new one-sided leg swelling, pain or redness', 1, 3);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q04', N'перенесённый тромбоз глубоких вен или ТЭЛА (пролеченные)', N'past deep-vein thrombosis or pulmonary embolism (treated)', 0, 4);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q05', N'варикоз с узлами или изменениями кожи (больше, чем сосудистые звёздочки)', N'varicose veins with nodes or skin changes (more than spider veins)', 0, 5);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q06', N'сердечная недостаточность с одышкой в покое или при малой нагрузке', N'heart failure with breathlessness at rest or on slight effort', 0, 6);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q07', N'другое серьёзное заболевание сердца (аритмия, стенокардия, перенесённый инфаркт или инсульт)', N'other serious heart disease (arrhythmia, angina, past heart attack or stroke)', 0, 7);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q08', N'кардиостимулятор, дефибриллятор или другой имплантированный электронный прибор', N'pacemaker, defibrillator or other implanted electronic device', 0, 8);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q09', N'металлические импланты в ногах или тазу', N'metal implants in the legs or pelvis', 0, 9);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q10', N'эпилепсия или судороги', N'epilepsy or seizures', 0, 10);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q11', N'онкологическое заболевание сейчас или в стадии лечения', N'cancer now or under treatment', 0, 11);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q12', N'онкологическое заболевание в ремиссии', N'cancer in remission', 0, 12);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q13', N'почечная недостаточность или диализ', N'kidney failure or dialysis', 0, 13);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q14', N'другое серьёзное заболевание почек', N'other serious kidney disease', 0, 14);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q15', N'сахарный диабет', N'diabetes mellitus', 0, 15);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q16', N'заболевание репродуктивных органов', N'disease of the reproductive organs', 0, 16);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q17', N'беременность', N'pregnancy', 1, 17);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q18', N'нарушение свёртываемости крови', N'bleeding disorder', 0, 18);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q19', N'приём антикоагулянтов или антиагрегантов', N'takes anticoagulants or antiplatelet drugs', 1, 19);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q20', N'тяжёлое заболевание артерий ног (боль в икрах при ходьбе)', N'severe arterial disease of the legs (calf pain when walking)', 0, 20);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q21', N'плохое самочувствие или повышенное давление сегодня', N'feels unwell or has high blood pressure today', 1, 21);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q22', N'аллергия на мёд или продукты пчеловодства', N'allergy to honey or bee products', 0, 22);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q23', N'операция на ногах, животе или органах малого таза за последние 3 месяца', N'surgery on the legs, abdomen or pelvis in the last 3 months', 0, 23);
INSERT INTO screening_questions (code, text_ru, text_en, asked_on_day, sort_order) VALUES ('Q24', N'онемение или снижение чувствительности ног', N'numbness or reduced sensation in the legs', 0, 24);
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
