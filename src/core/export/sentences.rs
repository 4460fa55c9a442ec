//! Each finding as three sentences — what was found, the rule, what to do — in
//! Russian or English, with its numbers filled in. The wording follows the
//! page's dictionaries (`www/i18n/ru.js`, `en.js`, keys `f.<code>.title`,
//! `.rule`, `.advice`), simplified to plain text; `{name}` placeholders are
//! filled from the finding's fields and the report's rules.

use super::format::{counted, date, integer, money, months, number, percent};
use super::view::{FindingView, ReportView};
use super::words::words;
use crate::core::analysis::FindingCode;
use crate::core::options::Lang;

/// A finding in words.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingText {
    /// What was found.
    pub title: String,
    /// The rule it applied.
    pub rule: String,
    /// What to do.
    pub advice: String,
}

/// (title, rule, advice) templates.
type Templates = (&'static str, &'static str, &'static str);

fn pick(lang: Lang, ru: Templates, en: Templates) -> Templates {
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

const KEY_ADVICE: (&str, &str) = (
    "Отдельный менеджер по ключевым клиентам, досье, контакты на нескольких уровнях его компании.",
    "A dedicated key-account manager, a dossier, contacts at several levels of its company.",
);

/// The templates of `code`; `variant` is the finding's `reason`, the key
/// account's scope, or `wallet` for a key by potential.
fn templates(code: FindingCode, variant: &str, lang: Lang) -> Templates {
    use FindingCode as C;
    match code {
        C::MonoClient => pick(
            lang,
            (
                "Весь бизнес — один клиент: {client} даёт {share} продаж.",
                "У компании ровно один клиент с положительными продажами.",
                "Уйдёт этот клиент — уйдут все продажи. Срочно ищите новых клиентов и расширяйте отдел продаж; пока ведите этого клиента особенно бережно: отдельный менеджер, досье, контакты на нескольких уровнях.",
            ),
            (
                "The whole business is one client: {client} brings {share} of sales.",
                "The company has exactly one client with positive sales.",
                "If this client leaves, all sales go. Find new clients now and grow the sales team; meanwhile look after this client especially well: a dedicated manager, a dossier, contacts at several levels.",
            ),
        ),
        C::CriticalDependency if variant == "supplier_discount" => pick(
            lang,
            (
                "Скидка поставщика держится на клиенте {client}: без него объём по условию «{condition}» упадёт с {volume} до {volume_without} в месяц — ниже порога {tier}.",
                "Условие поставщика: не меньше {threshold} в месяц в среднем за последние полные месяцы. Клиент, без которого объём падает ниже порога, — критическая зависимость, даже при небольшой доле в выручке.",
                "Удерживайте клиента (отдельный менеджер, досье, контакты на нескольких уровнях) и одновременно набирайте объём этих товаров у других клиентов. Заранее обсудите с поставщиком, что будет, если объём упадёт.",
            ),
            (
                "A supplier’s discount rests on {client}: without it the volume under “{condition}” falls from {volume} to {volume_without} a month, below the tier of {tier}.",
                "The supplier’s condition: at least {threshold} a month on average over the last complete months. A client without whom the volume falls below the tier is a critical dependency, even with a small share of revenue.",
                "Keep the client (a dedicated manager, a dossier, contacts at several levels) and at the same time grow these products with other clients. Talk to the supplier in advance about what happens if the volume drops.",
            ),
        ),
        C::CriticalDependency => pick(
            lang,
            (
                "Критическая зависимость: {client} — {share} продаж компании.",
                "Доля одного клиента больше {threshold} продаж компании — критическая зависимость.",
                "Срочно диверсифицируйте продажи: наращивайте отдел продаж и привлекайте новых клиентов, чтобы доля этого клиента падала за счёт роста остальных. Самого клиента удерживайте: отдельный менеджер, досье, контакты на нескольких уровнях.",
            ),
            (
                "Critical dependency: {client} is {share} of company sales.",
                "One client above {threshold} of company sales is a critical dependency.",
                "Diversify urgently: grow the sales team and win new clients so that this client’s share falls because the others grow. Keep the client itself: a dedicated manager, a dossier, contacts at several levels.",
            ),
        ),
        C::Dependency => pick(
            lang,
            (
                "Зависимость от клиента: {client} — {share} продаж компании.",
                "Доля клиента {threshold} и больше продаж компании — зависимость (уровни {levels}; больше {critical} — критическая).",
                "Диверсифицируйте: расширяйте отдел продаж и ищите новых клиентов, чтобы доля этого клиента снижалась за счёт роста других, а не за счёт падения продаж ему.",
            ),
            (
                "Dependency on a client: {client} is {share} of company sales.",
                "A client with {threshold} or more of company sales is a dependency (levels {levels}; above {critical} is critical).",
                "Diversify: grow the sales team and find new clients, so that this client’s share falls because the others grow, not because you sell it less.",
            ),
        ),
        C::ManagerOverload => pick(
            lang,
            (
                "{manager} ведёт {n_key} компании — больше предела: {clients}.",
                "Менеджер по ключевым клиентам ведёт не больше {threshold} ключевых клиентов.",
                "Передайте часть ключевых клиентов другому менеджеру или выделите ещё одного менеджера по ключевым клиентам; он ведёт не больше {threshold} и не занимается параллельно мелкими заказами.",
            ),
            (
                "{manager} leads {n_key} of the company, more than the limit: {clients}.",
                "A key-account manager leads at most {threshold} key accounts.",
                "Hand some key accounts to another manager or appoint one more key-account manager, who leads no more than {threshold} and does not also run small orders.",
            ),
        ),
        C::KamMixedWithSmallOrders => pick(
            lang,
            (
                "{manager} ведёт ключевых клиентов ({clients}) и ещё {n_small}.",
                "Менеджер ключевых клиентов, который ведёт ещё не меньше {threshold} клиентов класса C.",
                "Это разные работы: «быстрый» менеджер ведёт много мелких заказов, «аналитик» — ключевых клиентов, их досье и планы. Отдайте мелкие заказы другому менеджеру.",
            ),
            (
                "{manager} leads key accounts ({clients}) and also {n_small}.",
                "A key-account manager who also leads at least {threshold} class C clients.",
                "These are different jobs: the “fast one” runs many small orders, the “analyst” leads key clients, their dossiers and plans. Give the small orders to another manager.",
            ),
        ),
        C::KeyClientNoManager => pick(
            lang,
            (
                "У ключевого клиента {client} ({share}) нет менеджера.",
                "Ключевой клиент (от {threshold} продаж компании), у которого в файле не указан менеджер.",
                "Назначьте клиенту одного менеджера по ключевым клиентам: он ведёт досье и отвечает за отношения.",
            ),
            (
                "Key client {client} ({share}) has no manager.",
                "A key client (from {threshold} of company sales) with no manager in the file.",
                "Assign the client one key-account manager, who keeps its dossier and answers for the relationship.",
            ),
        ),
        C::SupplierTierMissed => pick(
            lang,
            (
                "Условие поставщика «{condition}» уже не выполняется: {volume} в месяц при пороге {tier}.",
                "Средний объём в месяц за последние полные месяцы должен быть не меньше порога скидки ({threshold}).",
                "Уточните у поставщика, сохраняется ли скидка, и пересчитайте цены без неё. Набирайте объём этих товаров у других клиентов.",
            ),
            (
                "The supplier condition “{condition}” already fails: {volume} a month against a tier of {tier}.",
                "The average volume a month over the last complete months must be at least the discount tier ({threshold}).",
                "Check with the supplier whether the discount still holds and work out your prices without it. Grow these products with other clients.",
            ),
        ),
        C::LostKeyClient => pick(
            lang,
            (
                "Ключевой клиент {client} не покупает уже {days}: последняя покупка {date}.",
                "Ключевой клиент молчит дольше, чем {multiplier} × его обычный интервал между покупками, и не меньше {threshold}.",
                "Встретьтесь с клиентом лично и как можно скорее. Выясните, почему он перестал покупать, и спросите: «А что, если мы…?»",
            ),
            (
                "Key client {client} has not bought for {days}: last purchase on {date}.",
                "A key client silent for longer than {multiplier} × its usual gap between purchases and at least {threshold}.",
                "Meet the client in person, and quickly. Find out why it stopped buying and ask “what if we…?”",
            ),
        ),
        C::SlippingKeyClient => pick(
            lang,
            (
                "Ключевой клиент {client} ({share}) покупает меньше: в среднем {recent} в месяц за {period} против {before} в месяц раньше.",
                "Ключевой клиент, у которого последние {recent_months} в среднем дают не больше {threshold} его прежних среднемесячных покупок.",
                "Не ждите, пока клиент будет потерян: встретьтесь лично и быстро, спросите, что случилось, и «А что, если мы…?»",
            ),
            (
                "Key client {client} ({share}) is buying less: {recent} a month on average in {period} against {before} a month before.",
                "A key client whose last {recent_months} average at most {threshold} of its monthly purchases before.",
                "Do not wait until it is lost: meet in person, and quickly, ask what happened and “what if we…?”",
            ),
        ),
        C::ConcentrationRising => pick(
            lang,
            (
                "Зависимость растёт: доля крупнейшего клиента ({client}) выросла с {share_before} до {share}, HHI — с {hhi_before} до {hhi} ({period} против {period_before}).",
                "За последние полные месяцы против стольких же до них HHI вырос не меньше чем на {threshold}, а доля крупнейшего клиента — не меньше чем на {pp}.",
                "Диверсифицируйте сейчас, пока это тенденция, а не зависимость: расширяйте отдел продаж и ищите новых клиентов.",
            ),
            (
                "Dependence is growing: the largest client’s share ({client}) rose from {share_before} to {share}, HHI from {hhi_before} to {hhi} ({period} against {period_before}).",
                "Over the last complete months against as many before, HHI up by at least {threshold} and the largest client’s share up by at least {pp}.",
                "Diversify now, while it is a trend and not yet a dependency: grow the sales team and find new clients.",
            ),
        ),
        C::LossMakingKeyClient => pick(
            lang,
            (
                "{client} — ключевой по выручке ({share}), но убыточный: валовая прибыль {profit}.",
                "Ключевой по выручке (от {threshold} выручки компании) с отрицательной валовой прибылью.",
                "Пересмотрите цены, скидки и условия (отсрочку, доставку): сейчас объём этого клиента стоит компании денег.",
            ),
            (
                "{client} is key by revenue ({share}) but loss-making: gross profit {profit}.",
                "Key by revenue (from {threshold} of company revenue) with a negative gross profit.",
                "Review its prices, discounts and terms (payment terms, delivery): its volume now costs the company money.",
            ),
        ),
        C::KeyAccount => {
            let title = match (variant, lang) {
                ("department", Lang::Ru) => "{client} — ключевой клиент подразделения «{group}»: {share} его продаж.",
                ("manager", Lang::Ru) => "{client} — ключевой клиент менеджера {group}: {share} его продаж.",
                (_, Lang::Ru) => "{client} — ключевой клиент компании: {share} продаж.",
                ("department", Lang::En) => {
                    "{client} is a key account of the department “{group}”: {share} of its sales."
                }
                ("manager", Lang::En) => "{client} is a key account of manager {group}: {share} of their sales.",
                (_, Lang::En) => "{client} is a key account of the company: {share} of sales.",
            };
            match lang {
                Lang::Ru => (title, "Ключевой — от {threshold} продаж {scope}.", KEY_ADVICE.0),
                Lang::En => (
                    title,
                    "Key at {threshold} or more of the sales of {scope}.",
                    KEY_ADVICE.1,
                ),
            }
        }
        C::KeyByJudgment => {
            let title = match (variant, lang) {
                ("wallet", Lang::Ru) => {
                    "{client} — ключевой клиент по оценке ({marks}): {share} продаж, а наша доля в его закупках — {wallet} из {potential} в год."
                }
                (_, Lang::Ru) => "{client} — ключевой клиент по оценке ({marks}), хотя даёт {share} продаж.",
                ("wallet", Lang::En) => {
                    "{client} is a key account by judgment ({marks}): {share} of sales, and our share of its purchases is {wallet} of {potential} a year."
                }
                (_, Lang::En) => "{client} is a key account by judgment ({marks}), though it brings {share} of sales.",
            };
            match lang {
                Lang::Ru => (
                    title,
                    "Ключевым клиента делает не только объём: большой потенциал (наша доля в его закупках меньше {threshold}), известное имя, инноватор, партнёр или требовательный клиент — по отметке.",
                    "Ведите его как ключевого: отдельный менеджер, досье, контакты на нескольких уровнях. При большом потенциале — план, как увеличить свою долю в его закупках.",
                ),
                Lang::En => (
                    title,
                    "Volume is not the only thing that makes a client key: a large potential (our share of its purchases below {threshold}), a famous name, an innovator, a partner or a demanding client — as marked.",
                    "Treat it as a key account: its own manager, a dossier, contacts at several levels. With a large potential, a plan to grow your share of its purchases.",
                ),
            }
        }
        C::KeyClientSplit => pick(
            lang,
            (
                "Продажи ключевого клиента {client} ({share}) делят {n_managers}: {managers}.",
                "У ключевого клиента несколько менеджеров, и каждый ведёт не меньше {threshold} его продаж.",
                "Назначьте одного ответственного менеджера: у ключевого клиента должно быть одно лицо в компании, которое знает всю историю и отвечает за отношения.",
            ),
            (
                "Key client {client} ({share}) is split across {n_managers}: {managers}.",
                "A key client with several managers, each with at least {threshold} of its sales.",
                "Name one responsible manager: a key client needs one person in the company who knows the whole history and answers for the relationship.",
            ),
        ),
        C::NewKeyAccount => pick(
            lang,
            (
                "{client} стал ключевым клиентом: {share} продаж за {period} (было {share_before} за {period_before}).",
                "Ключевой — от {threshold} продаж компании в последнем окне, а в предыдущем доля была меньше.",
                "Назначьте клиенту отдельного менеджера по ключевым клиентам и заведите досье: контакты на нескольких уровнях его компании, история покупок, планы.",
            ),
            (
                "{client} became a key account: {share} of sales in {period} (it was {share_before} in {period_before}).",
                "Key from {threshold} of company sales in the latest window, under it in the one before.",
                "Give it a dedicated key-account manager and a dossier: contacts at several levels of its company, purchase history, plans.",
            ),
        ),
        C::UnstableKeyClient => pick(
            lang,
            (
                "Покупки ключевого клиента {client} ({share}) скачут: коэффициент вариации по месяцам {cv}.",
                "Класс Z: коэффициент вариации месячных продаж больше {threshold}.",
                "Планируйте вместе с клиентом: узнайте его цикл закупок (сезон, бюджеты, склад) и договоритесь о графике, чтобы провалы не были неожиданностью.",
            ),
            (
                "Key client {client} ({share}) buys unevenly: its monthly coefficient of variation is {cv}.",
                "Class Z: a coefficient of variation of monthly sales above {threshold}.",
                "Plan with the client: learn its buying cycle (season, budgets, stock) and agree a schedule, so that its dips are no surprise.",
            ),
        ),
        C::NonPositiveClients => pick(
            lang,
            (
                "{n_clients} с нулевой или отрицательной суммой (возвраты не меньше покупок): {clients}.",
                "Клиенты с суммой ноль или меньше не бывают ключевыми и не входят в доли и индексы концентрации.",
                "Проверьте возвраты и корректировки этих клиентов в учётной системе.",
            ),
            (
                "{n_clients} with a zero or negative amount (returns at least as large as purchases): {clients}.",
                "Clients at zero or below are never key and are left out of shares and concentration indices.",
                "Check these clients’ returns and corrections in your accounting system.",
            ),
        ),
        C::LostClientsUnchecked => {
            let title = match (variant, lang) {
                ("no_dates", Lang::Ru) => {
                    "Потерянных ключевых клиентов проверить нельзя: ни одна дата продажи не прочитана."
                }
                (_, Lang::Ru) => {
                    "Потерянных ключевых клиентов проверить нельзя: в таблице нет столбца с датой продажи."
                }
                ("no_dates", Lang::En) => "Lost key clients cannot be checked: no sale date could be read.",
                (_, Lang::En) => "Lost key clients cannot be checked: the table has no sale date column.",
            };
            match lang {
                Lang::Ru => (
                    title,
                    "Чтобы заметить клиента, который перестал покупать, нужны даты продаж.",
                    "Выгрузите отчёт с датой продажи или укажите столбец даты.",
                ),
                Lang::En => (
                    title,
                    "Spotting a client who stopped buying needs sale dates.",
                    "Export the report with the sale date, or name the date column.",
                ),
            }
        }
        C::TrendsUnchecked => {
            let title = match (variant, lang) {
                ("not_monthly", Lang::Ru) => {
                    "Тренды не проверены: даты в файле — кварталы или годы, а тренды считаются по месяцам."
                }
                (_, Lang::Ru) => "Тренды не проверены: полных месяцев в данных {count}, нужно хотя бы {need} подряд.",
                ("not_monthly", Lang::En) => {
                    "Trends not checked: the file’s dates are quarters or years, and trends are computed by month."
                }
                (_, Lang::En) => {
                    "Trends not checked: the data has {count} complete months, at least {need} in a row are needed."
                }
            };
            match lang {
                Lang::Ru => (
                    title,
                    "Тренды сравнивают два окна полных месяцев подряд, каждое не меньше {threshold}.",
                    "Загрузите продажи хотя бы за {need} полных месяцев подряд — с датой каждой продажи.",
                ),
                Lang::En => (
                    title,
                    "The trends compare two windows of consecutive complete months, each at least {threshold}.",
                    "Load the sales of at least {need} complete months in a row, with the date of each sale.",
                ),
            }
        }
        C::InnovatorsOvermarked => pick(
            lang,
            (
                "Инноваторами отмечены {n_clients} — {share} всех клиентов.",
                "Инноваторов среди клиентов обычно около 2,5 %; больше {threshold} — отметки, скорее всего, слишком щедрые.",
                "Перепроверьте отметки «инноватор»: оставьте их тем, кто действительно первым берёт новинки.",
            ),
            (
                "{n_clients} are marked as innovators — {share} of all clients.",
                "About 2.5% of clients are usually innovators; more than {threshold} means the marks are probably too generous.",
                "Check the “innovator” marks again: keep them for those who really take new products first.",
            ),
        ),
        C::SupplierUnchecked => {
            let title = match (variant, lang) {
                ("no_product", Lang::Ru) => {
                    "Условие поставщика «{condition}» не проверено: в файле нет столбца с товаром."
                }
                ("no_quantity", Lang::Ru) => {
                    "Условие поставщика «{condition}» не проверено в штуках: в файле нет количества. Задайте порог в деньгах."
                }
                ("no_dates", Lang::Ru) => {
                    "Условие поставщика «{condition}» не проверено: в файле нет дат продаж, месяцы не посчитать."
                }
                ("few_months", Lang::Ru) => {
                    "Условие поставщика «{condition}» не проверено: полных месяцев в данных меньше, чем в условии."
                }
                ("no_sales", Lang::Ru) => {
                    "Условие поставщика «{condition}» не проверено: этих товаров в продажах нет — проверьте названия."
                }
                (_, Lang::Ru) => "Условие поставщика «{condition}» не проверено.",
                ("no_product", Lang::En) => {
                    "The supplier condition “{condition}” was not checked: the file has no product column."
                }
                ("no_quantity", Lang::En) => {
                    "The supplier condition “{condition}” was not checked in units: the file has no quantities. State the tier in money."
                }
                ("no_dates", Lang::En) => {
                    "The supplier condition “{condition}” was not checked: the file has no sale dates, so there are no months."
                }
                ("few_months", Lang::En) => {
                    "The supplier condition “{condition}” was not checked: the data has fewer complete months than the condition."
                }
                ("no_sales", Lang::En) => {
                    "The supplier condition “{condition}” was not checked: these products have no sales — check the names."
                }
                (_, Lang::En) => "The supplier condition “{condition}” was not checked.",
            };
            match lang {
                Lang::Ru => (
                    title,
                    "Условие проверяется по продажам выбранных товаров за последние полные месяцы: нужны товар, даты и (для штук) количество.",
                    "Загрузите продажи с товаром и датой каждой продажи за нужные месяцы — или измените условие.",
                ),
                Lang::En => (
                    title,
                    "A condition is checked on the sales of its products over the last complete months: it needs the product, the dates and (for units) the quantity.",
                    "Load the sales with the product and date of each sale for those months, or change the condition.",
                ),
            }
        }
    }
}

/// The base title of `code` in `lang` (before its numbers are filled in).
pub fn title_template(code: FindingCode, lang: Lang) -> &'static str {
    templates(code, "", lang).0
}

/// How a finding's `rule.threshold` reads.
#[derive(Clone, Copy)]
enum Threshold {
    Share,
    Count,
    Days,
    Months,
    Volume,
    Ratio,
}

fn threshold_kind(code: FindingCode, supplier: bool) -> Threshold {
    use FindingCode as C;
    match code {
        C::ManagerOverload | C::KamMixedWithSmallOrders => Threshold::Count,
        C::LostKeyClient => Threshold::Days,
        C::TrendsUnchecked => Threshold::Months,
        C::SupplierTierMissed | C::SupplierUnchecked => Threshold::Volume,
        C::CriticalDependency if supplier => Threshold::Volume,
        C::UnstableKeyClient => Threshold::Ratio,
        _ => Threshold::Share,
    }
}

const MAX_NAMES: usize = 10;

/// Names joined with commas, at most ten and "and N more".
fn names(list: &[String], lang: Lang) -> String {
    let mut out = list.iter().take(MAX_NAMES).cloned().collect::<Vec<_>>().join(", ");
    if list.len() > MAX_NAMES {
        out.push_str(&format!(" {} {}", words(lang).and_more, list.len() - MAX_NAMES));
    }
    out
}

fn days(n: u64, lang: Lang) -> String {
    counted(n, lang, ("день", "дня", "дней"), ("day", "days"))
}

fn month_count(n: u64, lang: Lang) -> String {
    counted(n, lang, ("месяц", "месяца", "месяцев"), ("month", "months"))
}

/// A supplier volume: units with up to three decimals, or money.
fn volume(x: f64, unit: Option<&str>, lang: Lang) -> String {
    if unit == Some("money") {
        return money(x, lang);
    }
    let mut s = number(x, 3, lang);
    for _ in 0..3 {
        if s.ends_with('0') && (s.contains(',') || s.contains('.')) {
            s.pop();
        }
    }
    let s = s.trim_end_matches([',', '.']).to_string();
    match lang {
        Lang::Ru => format!("{s} шт."),
        Lang::En => format!("{s} units"),
    }
}

/// A plain decimal with at most `decimals` digits, trailing zeros trimmed.
fn short(x: f64, decimals: usize, lang: Lang) -> String {
    let s = number(x, decimals, lang);
    let point = if lang == Lang::Ru { ',' } else { '.' };
    if decimals > 0 && s.contains(point) {
        s.trim_end_matches('0').trim_end_matches(point).to_string()
    } else {
        s
    }
}

/// The value of placeholder `key` for finding `f` of report `r`; `None` when the finding lacks it.
fn value(key: &str, f: &FindingView, r: &ReportView, code: Option<FindingCode>, lang: Lang) -> Option<String> {
    let w = words(lang);
    let count = || u64::from(f.count.unwrap_or(0));
    let rule_number = |k: &str| r.rule(k);
    Some(match key {
        "client" => f.client.clone()?,
        "share" => percent(f.share?, lang),
        "threshold" => {
            let t = f
                .threshold
                .filter(|_| code == Some(FindingCode::Dependency))
                .unwrap_or(f.rule.threshold);
            let supplier = f.reason.as_deref() == Some("supplier_discount");
            match code.map(|c| threshold_kind(c, supplier)).unwrap_or(Threshold::Share) {
                Threshold::Share => percent(t, lang),
                Threshold::Count => integer(t.max(0.0) as u64, lang),
                Threshold::Days => days(t.max(0.0) as u64, lang),
                Threshold::Months => month_count(t.max(0.0) as u64, lang),
                Threshold::Volume => volume(t, f.unit.as_deref(), lang),
                Threshold::Ratio => short(t, 2, lang),
            }
        }
        "manager" => f.manager.clone()?,
        "clients" => names(f.clients.as_deref()?, lang),
        "n_key" => counted(
            count(),
            lang,
            ("ключевого клиента", "ключевых клиента", "ключевых клиентов"),
            ("key account", "key accounts"),
        ),
        "n_small" => counted(
            count(),
            lang,
            ("клиента класса C", "клиента класса C", "клиентов класса C"),
            ("class C client", "class C clients"),
        ),
        "n_clients" => counted(count(), lang, ("клиент", "клиента", "клиентов"), ("client", "clients")),
        "count" => integer(count(), lang),
        "days" => days(u64::from(f.days_silent?), lang),
        "date" => date(f.last_date.as_deref()?, lang),
        "group" => f.group.clone()?,
        "scope" => w.of_scope(f.scope.as_deref().unwrap_or(&f.rule.scope)).to_string(),
        "levels" => {
            let levels = r.rules.get("dependency_levels")?.as_array()?;
            levels
                .iter()
                .filter_map(serde_json::Value::as_f64)
                .map(|l| percent(l, lang))
                .collect::<Vec<_>>()
                .join(", ")
        }
        "critical" => percent(rule_number("critical_share")?, lang),
        "share_before" => percent(f.share_before?, lang),
        "hhi" => integer(f.hhi?.round().max(0.0) as u64, lang),
        "hhi_before" => integer(f.hhi_before?.round().max(0.0) as u64, lang),
        "period" => months(f.from.as_deref()?, f.to.as_deref()?, lang),
        "period_before" => months(f.from_before.as_deref()?, f.to_before.as_deref()?, lang),
        "recent" => money(f.monthly_recent?, lang),
        "before" => money(f.monthly_before?, lang),
        "cv" => short(f.cv?, 2, lang),
        "profit" => money(f.profit?, lang),
        "condition" => f.condition.clone()?,
        "volume" => volume(f.volume?, f.unit.as_deref(), lang),
        "volume_without" => volume(f.volume_without?, f.unit.as_deref(), lang),
        "tier" => volume(f.tier?, f.unit.as_deref(), lang),
        "marks" => w.marks(f.marks.as_deref()?),
        "wallet" => percent(f.wallet_share?, lang),
        "potential" => money(f.potential?, lang),
        "managers" => {
            let shares = f.manager_shares.clone().unwrap_or_default();
            f.managers
                .as_deref()?
                .iter()
                .enumerate()
                .map(|(i, m)| match shares.get(i) {
                    Some(s) => format!("{m}{}{}", w.dash, percent(*s, lang)),
                    None => m.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
        "n_managers" => counted(
            f.managers.as_ref()?.len() as u64,
            lang,
            ("менеджер", "менеджера", "менеджеров"),
            ("manager", "managers"),
        ),
        "need" => integer(2 * rule_number("trend_min_months")?.max(0.0) as u64, lang),
        "multiplier" => short(rule_number("lost_gap_multiplier")?, 2, lang),
        "pp" => {
            let pp = rule_number("top_share_rise")? * 100.0;
            match lang {
                Lang::Ru if pp.fract().abs() < 1e-9 => counted(
                    pp.max(0.0) as u64,
                    lang,
                    ("процентный пункт", "процентных пункта", "процентных пунктов"),
                    ("", ""),
                ),
                Lang::Ru => format!("{} процентного пункта", short(pp, 1, lang)),
                Lang::En => format!("{} percentage points", short(pp, 1, lang)),
            }
        }
        "recent_months" => month_count(rule_number("slipping_recent_months")?.max(0.0) as u64, lang),
        _ => return None,
    })
}

/// `template` with every `{key}` replaced; a key the finding lacks reads `—`.
fn fill(template: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        match after.find('}') {
            Some(close) => {
                let key = after.get(..close).unwrap_or("");
                out.push_str(&value(key).unwrap_or_else(|| "—".to_string()));
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Which wording of code `c` finding `f` takes: its `reason`, a key account's
/// scope, or `wallet` for a key by potential with both numbers.
fn variant(c: FindingCode, f: &FindingView) -> &str {
    match c {
        FindingCode::KeyAccount => f.scope.as_deref().unwrap_or("company"),
        FindingCode::KeyByJudgment if f.wallet_share.is_some() && f.potential.is_some() => "wallet",
        _ => f.reason.as_deref().unwrap_or(""),
    }
}

/// Finding `f` of report `r` in words. An unknown code (a newer engine) reads as its code.
pub fn finding_text(f: &FindingView, r: &ReportView, lang: Lang) -> FindingText {
    let code = FindingCode::from_code(&f.code);
    let Some(c) = code else {
        return FindingText {
            title: f.code.clone(),
            rule: String::new(),
            advice: String::new(),
        };
    };
    let (title, rule, advice) = templates(c, variant(c, f), lang);
    let v = |key: &str| value(key, f, r, code, lang);
    FindingText {
        title: fill(title, &v),
        rule: fill(rule, &v),
        advice: fill(advice, &v),
    }
}

/// The placeholders of finding `f`'s sentences its fields cannot fill (they read `—`):
/// empty for every finding the engine writes (the tests check it on every fixture).
pub fn unfilled(f: &FindingView, r: &ReportView, lang: Lang) -> Vec<String> {
    let Some(c) = FindingCode::from_code(&f.code) else {
        return vec![f.code.clone()];
    };
    let variant = variant(c, f);
    let (title, rule, advice) = templates(c, variant, lang);
    let mut missing = Vec::new();
    for template in [title, rule, advice] {
        let mut rest = template;
        while let Some((_, after)) = rest.split_once('{') {
            let Some((key, tail)) = after.split_once('}') else {
                break;
            };
            if value(key, f, r, Some(c), lang).is_none() {
                missing.push(key.to_string());
            }
            rest = tail;
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_finding_code_has_a_title_rule_and_advice_in_both_languages() {
        for &code in FindingCode::ALL {
            for lang in Lang::ALL {
                let (title, rule, advice) = templates(code, "", *lang);
                assert!(
                    !title.is_empty() && !rule.is_empty() && !advice.is_empty(),
                    "{code} {lang}"
                );
                let cyrillic = title
                    .chars()
                    .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)));
                assert_eq!(cyrillic, *lang == Lang::Ru, "{code} {lang}: {title}");
            }
            assert_ne!(title_template(code, Lang::Ru), title_template(code, Lang::En));
        }
    }

    #[test]
    fn placeholders_are_filled_from_the_finding() {
        let f = FindingView {
            code: "dependency".into(),
            client: Some("ООО Ромашка".into()),
            share: Some(0.2647),
            threshold: Some(0.2),
            ..Default::default()
        };
        let mut r = ReportView::default();
        r.rules
            .insert("dependency_levels".into(), serde_json::json!([0.2, 0.3, 0.4]));
        r.rules.insert("critical_share".into(), serde_json::json!(0.5));
        let t = finding_text(&f, &r, Lang::Ru);
        assert_eq!(t.title, "Зависимость от клиента: ООО Ромашка — 26,5 % продаж компании.");
        assert_eq!(
            t.rule,
            "Доля клиента 20 % и больше продаж компании — зависимость (уровни 20 %, 30 %, 40 %; больше 50 % — критическая)."
        );
        let t = finding_text(&f, &r, Lang::En);
        assert_eq!(
            t.title,
            "Dependency on a client: ООО Ромашка is 26.5% of company sales."
        );
    }

    #[test]
    fn a_missing_field_reads_as_a_dash_and_braces_stay_balanced() {
        assert_eq!(fill("a {x} b {y", &|k| (k == "x").then(|| "1".to_string())), "a 1 b {y");
        assert_eq!(fill("{z}", &|_| None), "—");
    }
}
