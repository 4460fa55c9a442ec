//! The exports' words in Russian and English: sheet names, headers, labels.
//! One struct per language, so a word missing in one language does not
//! compile. The findings' sentences are in `sentences.rs`.

use crate::core::options::Lang;

/// Every word the exports print, in one language.
#[derive(Debug)]
pub struct Words {
    /// The report's title.
    pub title: &'static str,
    /// Sheet names (at most 31 characters, none of `[]:*?/\`).
    pub sheet_summary: &'static str,
    /// See `sheet_summary`.
    pub sheet_findings: &'static str,
    /// See `sheet_summary`.
    pub sheet_clients: &'static str,
    /// See `sheet_summary`.
    pub sheet_key_accounts: &'static str,
    /// See `sheet_summary`.
    pub sheet_managers: &'static str,
    /// See `sheet_summary`.
    pub sheet_departments: &'static str,
    /// See `sheet_summary`.
    pub sheet_periods: &'static str,
    /// See `sheet_summary`.
    pub sheet_quality: &'static str,
    /// Summary labels.
    pub file: &'static str,
    /// See `file`.
    pub sheet: &'static str,
    /// See `file`.
    pub data_period: &'static str,
    /// See `file`.
    pub range: &'static str,
    /// See `file`.
    pub as_of: &'static str,
    /// See `file`.
    pub measure: &'static str,
    /// See `file`.
    pub total: &'static str,
    /// See `file`.
    pub clients_count: &'static str,
    /// See `file`.
    pub top1: &'static str,
    /// See `file`.
    pub top3: &'static str,
    /// See `file`.
    pub top5: &'static str,
    /// See `file`.
    pub top10: &'static str,
    /// See `file`.
    pub hhi: &'static str,
    /// See `file`.
    pub hhi_band: &'static str,
    /// See `file`.
    pub effective: &'static str,
    /// See `file`.
    pub gini: &'static str,
    /// See `file`.
    pub clients_for_80: &'static str,
    /// See `file`.
    pub verdict: &'static str,
    /// See `file`.
    pub no_findings: &'static str,
    /// See `file`.
    pub rules: &'static str,
    /// See `file`.
    pub concentration: &'static str,
    /// See `file`.
    pub all_data: &'static str,
    /// See `file`.
    pub one_file: &'static str,
    /// `revenue`, `profit`, `quantity`.
    pub measure_revenue: &'static str,
    /// See `measure_revenue`.
    pub measure_profit: &'static str,
    /// See `measure_revenue`.
    pub measure_quantity: &'static str,
    /// HHI bands.
    pub band_low: &'static str,
    /// See `band_low`.
    pub band_moderate: &'static str,
    /// See `band_low`.
    pub band_high: &'static str,
    /// Severities.
    pub critical: &'static str,
    /// See `critical`.
    pub warning: &'static str,
    /// See `critical`.
    pub info: &'static str,
    /// Column headers.
    pub h_severity: &'static str,
    /// See `h_severity`.
    pub h_code: &'static str,
    /// See `h_severity`.
    pub h_client: &'static str,
    /// See `h_severity`.
    pub h_manager: &'static str,
    /// See `h_severity`.
    pub h_department: &'static str,
    /// See `h_severity`.
    pub h_share: &'static str,
    /// See `h_severity`.
    pub h_finding: &'static str,
    /// See `h_severity`.
    pub h_rule: &'static str,
    /// See `h_severity`.
    pub h_advice: &'static str,
    /// See `h_severity`.
    pub h_rank: &'static str,
    /// See `h_severity`.
    pub h_amount: &'static str,
    /// See `h_severity`.
    pub h_cumulative: &'static str,
    /// See `h_severity`.
    pub h_abc: &'static str,
    /// See `h_severity`.
    pub h_xyz: &'static str,
    /// See `h_severity`.
    pub h_cv: &'static str,
    /// See `h_severity`.
    pub h_rhythm: &'static str,
    /// See `h_severity`.
    pub h_days_silent: &'static str,
    /// See `h_severity`.
    pub h_key_company: &'static str,
    /// See `h_severity`.
    pub h_key_departments: &'static str,
    /// See `h_severity`.
    pub h_key_managers: &'static str,
    /// See `h_severity`.
    pub h_marks: &'static str,
    /// See `h_severity`.
    pub h_potential: &'static str,
    /// See `h_severity`.
    pub h_wallet: &'static str,
    /// See `h_severity`.
    pub h_scope: &'static str,
    /// See `h_severity`.
    pub h_group: &'static str,
    /// See `h_severity`.
    pub h_basis: &'static str,
    /// See `h_severity`.
    pub h_reasons: &'static str,
    /// See `h_severity`.
    pub h_clients: &'static str,
    /// See `h_severity`.
    pub h_key_accounts: &'static str,
    /// See `h_severity`.
    pub h_over_limit: &'static str,
    /// See `h_severity`.
    pub h_period: &'static str,
    /// See `h_severity`.
    pub h_partial: &'static str,
    /// See `h_severity`.
    pub h_total: &'static str,
    /// See `h_severity`.
    pub h_top1: &'static str,
    /// See `h_severity`.
    pub h_top3: &'static str,
    /// See `h_severity`.
    pub h_hhi: &'static str,
    /// See `h_severity`.
    pub h_effective: &'static str,
    /// See `h_severity`.
    pub h_count: &'static str,
    /// See `h_severity`.
    pub h_file: &'static str,
    /// See `h_severity`.
    pub h_sheet: &'static str,
    /// See `h_severity`.
    pub h_column: &'static str,
    /// See `h_severity`.
    pub h_rows: &'static str,
    /// See `h_severity`.
    pub h_detail: &'static str,
    /// See `h_severity`.
    pub h_rule_name: &'static str,
    /// See `h_severity`.
    pub h_value: &'static str,
    /// Rows skipped, as a heading.
    pub rows_skipped: &'static str,
    /// See `rows_skipped`.
    pub rows_in_table: &'static str,
    /// See `rows_skipped`.
    pub rows_used: &'static str,
    /// Yes, no.
    pub yes: &'static str,
    /// See `yes`.
    pub no: &'static str,
    /// Key by the owner's judgment.
    pub by_judgment: &'static str,
    /// By volume.
    pub by_volume: &'static str,
    /// Scopes, as nouns (`Компания`).
    pub scope_company: &'static str,
    /// See `scope_company`.
    pub scope_department: &'static str,
    /// See `scope_company`.
    pub scope_manager: &'static str,
    /// Scopes in "of the …" (`компании`).
    pub of_company: &'static str,
    /// See `of_company`.
    pub of_department: &'static str,
    /// See `of_company`.
    pub of_manager: &'static str,
    /// Rhythm statuses.
    pub rhythm_active: &'static str,
    /// See `rhythm_active`.
    pub rhythm_overdue: &'static str,
    /// See `rhythm_active`.
    pub rhythm_lost: &'static str,
    /// Marks.
    pub mark_potential: &'static str,
    /// See `mark_potential`.
    pub mark_reference: &'static str,
    /// See `mark_potential`.
    pub mark_innovator: &'static str,
    /// See `mark_potential`.
    pub mark_partner: &'static str,
    /// See `mark_potential`.
    pub mark_demanding: &'static str,
    /// The Pareto chart.
    pub chart_title: &'static str,
    /// See `chart_title`.
    pub chart_amount: &'static str,
    /// See `chart_title`.
    pub chart_cumulative: &'static str,
    /// Text summary headings.
    pub top_clients: &'static str,
    /// See `top_clients`.
    pub of: &'static str,
    /// See `top_clients`.
    pub key_accounts: &'static str,
    /// See `top_clients`.
    pub no_key_accounts: &'static str,
    /// See `top_clients`.
    pub findings: &'static str,
    /// See `top_clients`.
    pub rule_label: &'static str,
    /// See `top_clients`.
    pub advice_label: &'static str,
    /// Between the ends of a span.
    pub dash: &'static str,
    /// A list's separator inside one cell.
    pub and_more: &'static str,
}

/// Russian.
pub static RU: Words = Words {
    title: "Ключевые клиенты и зависимость от них",
    sheet_summary: "Сводка",
    sheet_findings: "Выводы",
    sheet_clients: "Клиенты",
    sheet_key_accounts: "Ключевые клиенты",
    sheet_managers: "Менеджеры",
    sheet_departments: "Подразделения",
    sheet_periods: "Периоды",
    sheet_quality: "Качество данных",
    file: "Файл",
    sheet: "Лист",
    data_period: "Даты продаж",
    range: "Период анализа",
    as_of: "На дату",
    measure: "Мера",
    total: "Итого",
    clients_count: "Клиентов",
    top1: "Доля крупнейшего клиента",
    top3: "Доля трёх крупнейших",
    top5: "Доля пяти крупнейших",
    top10: "Доля десяти крупнейших",
    hhi: "Индекс Херфиндаля–Хиршмана (HHI)",
    hhi_band: "Концентрация (шкала 2023 г.)",
    effective: "Эффективное число клиентов",
    gini: "Коэффициент Джини",
    clients_for_80: "Клиентов на 80 % продаж",
    verdict: "Главный вывод",
    no_findings: "Выводов нет.",
    rules: "Правила метода",
    concentration: "Концентрация",
    all_data: "все данные",
    one_file: "один файл",
    measure_revenue: "выручка",
    measure_profit: "валовая прибыль",
    measure_quantity: "количество",
    band_low: "низкая",
    band_moderate: "умеренная",
    band_high: "высокая",
    critical: "Критично",
    warning: "Внимание",
    info: "К сведению",
    h_severity: "Важность",
    h_code: "Код",
    h_client: "Клиент",
    h_manager: "Менеджер",
    h_department: "Подразделение",
    h_share: "Доля",
    h_finding: "Вывод",
    h_rule: "Правило",
    h_advice: "Что делать",
    h_rank: "№",
    h_amount: "Сумма",
    h_cumulative: "Накопленная доля",
    h_abc: "ABC",
    h_xyz: "XYZ",
    h_cv: "Коэф. вариации",
    h_rhythm: "Ритм покупок",
    h_days_silent: "Дней без покупок",
    h_key_company: "Ключевой в компании",
    h_key_departments: "Ключевой в подразделениях",
    h_key_managers: "Ключевой у менеджеров",
    h_marks: "Отметки",
    h_potential: "Потенциал в год",
    h_wallet: "Доля в закупках клиента",
    h_scope: "Уровень",
    h_group: "Подразделение или менеджер",
    h_basis: "Основание",
    h_reasons: "Отметки",
    h_clients: "Клиентов",
    h_key_accounts: "Ключевых клиентов",
    h_over_limit: "Больше предела",
    h_period: "Период",
    h_partial: "Неполный",
    h_total: "Итого",
    h_top1: "Доля крупнейшего",
    h_top3: "Доля трёх крупнейших",
    h_hhi: "HHI",
    h_effective: "Эффективное число",
    h_count: "Строк",
    h_file: "Файл",
    h_sheet: "Лист",
    h_column: "Столбец",
    h_rows: "Строки",
    h_detail: "Подробности",
    h_rule_name: "Правило",
    h_value: "Значение",
    rows_skipped: "Пропущенные строки",
    rows_in_table: "Строк в таблице",
    rows_used: "Строк продаж",
    yes: "да",
    no: "нет",
    by_judgment: "по оценке",
    by_volume: "по объёму",
    scope_company: "Компания",
    scope_department: "Подразделение",
    scope_manager: "Менеджер",
    of_company: "компании",
    of_department: "подразделения",
    of_manager: "менеджера",
    rhythm_active: "покупает",
    rhythm_overdue: "задерживается",
    rhythm_lost: "потерян",
    mark_potential: "потенциал",
    mark_reference: "известное имя",
    mark_innovator: "инноватор",
    mark_partner: "партнёр",
    mark_demanding: "требовательный",
    chart_title: "Парето: крупнейшие клиенты",
    chart_amount: "Сумма",
    chart_cumulative: "Накопленная доля",
    top_clients: "Крупнейшие клиенты",
    of: "из",
    key_accounts: "Ключевые клиенты",
    no_key_accounts: "Ключевых клиентов нет.",
    findings: "Выводы",
    rule_label: "Правило",
    advice_label: "Что делать",
    dash: " — ",
    and_more: "и ещё",
};

/// English.
pub static EN: Words = Words {
    title: "Key accounts and client concentration",
    sheet_summary: "Summary",
    sheet_findings: "Findings",
    sheet_clients: "Clients",
    sheet_key_accounts: "Key accounts",
    sheet_managers: "Managers",
    sheet_departments: "Departments",
    sheet_periods: "Periods",
    sheet_quality: "Data quality",
    file: "File",
    sheet: "Sheet",
    data_period: "Sale dates",
    range: "Analysed period",
    as_of: "As of",
    measure: "Measure",
    total: "Total",
    clients_count: "Clients",
    top1: "Largest client's share",
    top3: "Three largest clients' share",
    top5: "Five largest clients' share",
    top10: "Ten largest clients' share",
    hhi: "Herfindahl–Hirschman index (HHI)",
    hhi_band: "Concentration (2023 scale)",
    effective: "Effective number of clients",
    gini: "Gini coefficient",
    clients_for_80: "Clients making 80% of sales",
    verdict: "Main finding",
    no_findings: "No findings.",
    rules: "The method's rules",
    concentration: "Concentration",
    all_data: "all data",
    one_file: "one file",
    measure_revenue: "revenue",
    measure_profit: "gross profit",
    measure_quantity: "quantity",
    band_low: "low",
    band_moderate: "moderate",
    band_high: "high",
    critical: "Critical",
    warning: "Warning",
    info: "Info",
    h_severity: "Severity",
    h_code: "Code",
    h_client: "Client",
    h_manager: "Manager",
    h_department: "Department",
    h_share: "Share",
    h_finding: "Finding",
    h_rule: "Rule",
    h_advice: "What to do",
    h_rank: "#",
    h_amount: "Amount",
    h_cumulative: "Cumulative share",
    h_abc: "ABC",
    h_xyz: "XYZ",
    h_cv: "Coef. of variation",
    h_rhythm: "Purchase rhythm",
    h_days_silent: "Days without purchases",
    h_key_company: "Key in the company",
    h_key_departments: "Key in departments",
    h_key_managers: "Key in managers' books",
    h_marks: "Marks",
    h_potential: "Potential a year",
    h_wallet: "Share of wallet",
    h_scope: "Scope",
    h_group: "Department or manager",
    h_basis: "Basis",
    h_reasons: "Marks",
    h_clients: "Clients",
    h_key_accounts: "Key accounts",
    h_over_limit: "Over the limit",
    h_period: "Period",
    h_partial: "Partial",
    h_total: "Total",
    h_top1: "Largest client's share",
    h_top3: "Three largest' share",
    h_hhi: "HHI",
    h_effective: "Effective number",
    h_count: "Rows",
    h_file: "File",
    h_sheet: "Sheet",
    h_column: "Column",
    h_rows: "Rows",
    h_detail: "Detail",
    h_rule_name: "Rule",
    h_value: "Value",
    rows_skipped: "Rows skipped",
    rows_in_table: "Rows in the table",
    rows_used: "Sales rows",
    yes: "yes",
    no: "no",
    by_judgment: "by judgment",
    by_volume: "by volume",
    scope_company: "Company",
    scope_department: "Department",
    scope_manager: "Manager",
    of_company: "the company",
    of_department: "the department",
    of_manager: "the manager",
    rhythm_active: "active",
    rhythm_overdue: "overdue",
    rhythm_lost: "lost",
    mark_potential: "potential",
    mark_reference: "famous name",
    mark_innovator: "innovator",
    mark_partner: "partner",
    mark_demanding: "demanding",
    chart_title: "Pareto: the largest clients",
    chart_amount: "Amount",
    chart_cumulative: "Cumulative share",
    top_clients: "The largest clients",
    of: "of",
    key_accounts: "Key accounts",
    no_key_accounts: "No key accounts.",
    findings: "Findings",
    rule_label: "Rule",
    advice_label: "What to do",
    dash: " – ",
    and_more: "and",
};

/// The words of `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}

impl Words {
    /// A severity code in words.
    pub fn severity(&self, code: &str) -> &'static str {
        match code {
            "critical" => self.critical,
            "warning" => self.warning,
            _ => self.info,
        }
    }
    /// A measure code in words.
    pub fn measure_name(&self, code: &str) -> &'static str {
        match code {
            "profit" => self.measure_profit,
            "quantity" => self.measure_quantity,
            _ => self.measure_revenue,
        }
    }
    /// A scope code as a noun.
    pub fn scope(&self, code: &str) -> &'static str {
        match code {
            "department" => self.scope_department,
            "manager" => self.scope_manager,
            _ => self.scope_company,
        }
    }
    /// A scope code as "of the …".
    pub fn of_scope(&self, code: &str) -> &'static str {
        match code {
            "department" => self.of_department,
            "manager" => self.of_manager,
            _ => self.of_company,
        }
    }
    /// A rhythm code in words (the code itself when unknown).
    pub fn rhythm<'a>(&self, code: &'a str) -> &'a str {
        match code {
            "active" => self.rhythm_active,
            "overdue" => self.rhythm_overdue,
            "lost" => self.rhythm_lost,
            other => other,
        }
    }
    /// A mark code in words (the code itself when unknown).
    pub fn mark<'a>(&self, code: &'a str) -> &'a str {
        match code {
            "potential" => self.mark_potential,
            "reference" => self.mark_reference,
            "innovator" => self.mark_innovator,
            "partner" => self.mark_partner,
            "demanding" => self.mark_demanding,
            other => other,
        }
    }
    /// Mark codes in words, comma-separated.
    pub fn marks(&self, codes: &[String]) -> String {
        codes.iter().map(|c| self.mark(c)).collect::<Vec<_>>().join(", ")
    }
    /// An HHI band code in words.
    pub fn band<'a>(&self, code: &'a str) -> &'a str {
        match code {
            "unconcentrated" => self.band_low,
            "moderately_concentrated" => self.band_moderate,
            "highly_concentrated" => self.band_high,
            other => other,
        }
    }
    /// A basis code in words.
    pub fn basis(&self, code: &str) -> &'static str {
        if code == "judgment" {
            self.by_judgment
        } else {
            self.by_volume
        }
    }
}

/// A key of `rules` in words (the key itself when unknown).
pub fn rule_name(lang: Lang, key: &str) -> &str {
    let (r, e) = match key {
        "key_share" => ("Доля ключевого клиента, от", "Key account share, from"),
        "dependency_levels" => ("Уровни зависимости", "Dependency levels"),
        "critical_share" => ("Критическая доля, больше", "Critical share, above"),
        "max_key_accounts_per_manager" => (
            "Ключевых клиентов на менеджера, не больше",
            "Key accounts per manager, at most",
        ),
        "lost_gap_multiplier" => (
            "Потерян: молчит дольше обычного интервала в, раз",
            "Lost: silent longer than its usual gap, times",
        ),
        "lost_min_days" => ("Потерян: молчит не меньше, дней", "Lost: silent at least, days"),
        "lost_min_purchases" => (
            "Свой интервал: от стольких дней покупок",
            "Own gap: from this many purchase days",
        ),
        "abc_a" => (
            "ABC: класс A до накопленной доли",
            "ABC: class A up to the cumulative share",
        ),
        "abc_b" => (
            "ABC: класс B до накопленной доли",
            "ABC: class B up to the cumulative share",
        ),
        "trend_window_months" => ("Окно трендов, месяцев", "Trend window, months"),
        "trend_min_months" => ("Окно трендов, не меньше месяцев", "Trend window, at least months"),
        "hhi_rise" => ("Рост HHI, от", "HHI rise, from"),
        "top_share_rise" => (
            "Рост доли крупнейшего, от (п. п.)",
            "Largest client's share rise, from (pp)",
        ),
        "slipping_recent_months" => ("Спад: последних месяцев", "Slipping: recent months"),
        "slipping_baseline_months" => ("Спад: месяцев до них", "Slipping: months before"),
        "slipping_ratio" => (
            "Спад: не больше доли прежних покупок",
            "Slipping: at most this part of before",
        ),
        "xyz_x" => ("XYZ: класс X до коэф. вариации", "XYZ: class X up to the cv"),
        "xyz_y" => ("XYZ: класс Y до коэф. вариации", "XYZ: class Y up to the cv"),
        "wallet_share_max" => (
            "Ключевой по потенциалу: наша доля в закупках до",
            "Key by potential: share of wallet below",
        ),
        "potential_min_share" => (
            "Ключевой по потенциалу: потенциал от доли наших продаж",
            "Key by potential: potential from this share of our sales",
        ),
        "innovator_max_share" => ("Инноваторов, не больше", "Innovators, at most"),
        "small_orders_min" => (
            "Мелких клиентов у менеджера ключевых, от",
            "Small clients of a key-account manager, from",
        ),
        "split_min_share" => (
            "Клиента делят менеджеры, от доли каждого",
            "A client split between managers, each from",
        ),
        "as_of_source" => ("Откуда дата «на дату»", "Where the as-of date came from"),
        "defaults" => ("Все правила по умолчанию", "Every rule at its default"),
        _ => return key,
    };
    if lang == Lang::Ru { r } else { e }
}
