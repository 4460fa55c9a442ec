//! Header words: which header text means which role, which words veto a
//! role, and which headers are known to mean something else.
//!
//! Headers are normalised to lowercase word tokens (`ё`→`е`, CamelCase and
//! snake_case split, punctuation dropped). A synonym is a phrase of tokens;
//! a Russian token is a stem that also matches up to three extra letters
//! (`клиент` matches `клиента`), an English token also matches its plural.
//! Joined UPPERCASE headers (`CUSTOMERNAME`) match a phrase written without
//! spaces.

use crate::core::parse::memo::{Memo, memoized};
use crate::core::role::Role;
use std::sync::LazyLock;

/// Splits a header into normalised tokens.
pub(super) fn tokens(s: &str) -> Vec<String> {
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev: Option<char> = None;
    for ch in s.chars() {
        if let Some(p) = prev {
            let camel = p.is_lowercase() && ch.is_uppercase();
            let letter_digit = p.is_alphabetic() && ch.is_ascii_digit();
            if camel || letter_digit {
                out.push(' ');
            }
        }
        let c = match ch {
            'ё' | 'Ё' => 'е',
            _ => ch,
        };
        if c.is_alphanumeric() || c == '%' || c == '№' {
            out.extend(c.to_lowercase());
        } else {
            out.push(' ');
        }
        prev = Some(ch);
    }
    out.split_whitespace().map(str::to_string).collect()
}

fn is_cyrillic_word(s: &str) -> bool {
    s.chars().next().is_some_and(|c| ('а'..='я').contains(&c))
}

/// One synonym token against one header token.
fn tok_match(syn: &str, head: &str) -> bool {
    if syn == head {
        return true;
    }
    let syn_len = syn.chars().count();
    let head_len = head.chars().count();
    if is_cyrillic_word(syn) {
        syn_len >= 4 && head.starts_with(syn) && head_len <= syn_len + 3
    } else {
        syn_len >= 3 && head_len == syn_len + 1 && head.starts_with(syn) && head.ends_with('s')
    }
}

/// Position of `phrase` (already tokenised) as a contiguous run in `head`.
fn find_phrase(phrase: &[&str], head: &[String]) -> Option<usize> {
    if phrase.is_empty() || phrase.len() > head.len() {
        return None;
    }
    (0..=head.len() - phrase.len()).find(|&i| phrase.iter().zip(head.iter().skip(i)).all(|(p, h)| tok_match(p, h)))
}

/// Units and currency words that do not make a header "longer".
const UNIT_TOKENS: &[&str] = &[
    "руб",
    "рублей",
    "р",
    "rub",
    "usd",
    "eur",
    "уп",
    "шт",
    "тыс",
    "k",
    "%",
    "грн",
    "тг",
    "kzt",
    "₽",
];

const CLIENT: &[(&str, u8)] = &[
    ("клиент", 100),
    ("контрагент", 95),
    ("покупател", 100),
    ("заказчик", 95),
    ("плательщик", 80),
    ("грузополучател", 70),
    ("получател", 55),
    ("партнер", 60),
    ("дилер", 55),
    ("наименование клиента", 100),
    ("наименование контрагента", 100),
    ("наименование покупателя", 100),
    ("customer", 100),
    ("customer name", 100),
    ("client", 100),
    ("client name", 100),
    ("account", 60),
    ("account name", 95),
    ("sold to party", 95),
    ("sold to", 90),
    ("buyer", 90),
    ("buyer name", 100),
    ("bill to", 85),
    ("bill to name", 90),
    ("payer", 75),
    // CRM deal lists: the company beside the contact person.
    ("company", 85),
    ("company name", 95),
    ("компания", 90),
    ("название компании", 95),
];

#[rustfmt::skip]
const CLIENT_BLOCK: &[&str] = &[
    "contact", "контакт", "контактн", "seller", "продавец", "поставщик", "supplier", "vendor", "организаци",
    "manager", "менеджер", "rep", "id", "код", "code", "инн", "кпп", "number", "no", "номер", "№", "phone",
    "телефон", "fax", "факс", "email", "mail", "почта", "адрес", "address", "line", "city", "город", "country",
    "страна", "state", "province", "регион", "region", "postal", "zip", "индекс", "склад", "warehouse",
    "магазин", "store", "точка", "товар", "product", "item", "count", "количеств", "кол", "сумм", "amount",
    "date", "дата", "type", "тип", "group", "групп", "договор", "contract", "segment", "сегмент", "category",
    "категори", "status", "статус", "since", "manager", "ответственн",
    // A parent company's column names the holding, not the client ("Головной контрагент").
    "головн", "parent", "холдинг", "holding",
];

const AMOUNT: &[(&str, u8)] = &[
    ("сумм", 90),
    ("сумма с ндс", 100),
    ("сумма без ндс", 95),
    ("сумма продаж", 100),
    ("сумма реализации", 100),
    ("сумма отгрузки", 100),
    ("выручк", 100),
    ("стоимост", 80),
    ("оборот", 85),
    ("реализаци", 75),
    ("продаж", 70),
    ("amount", 90),
    ("sales amount", 100),
    ("revenue", 100),
    ("net sales", 100),
    ("sales", 95),
    ("gross sales", 95),
    ("total", 60),
    // «Итого» alone over the only money column (a «Итого» beside period columns is the wide total).
    ("итого", 55),
    ("всего", 55),
    ("total amount", 95),
    ("extended amount", 100),
    ("line total", 90),
    ("value", 60),
    ("sum", 60),
    ("turnover", 90),
    ("invoice amount", 95),
    ("net amount", 90),
    ("руб", 55),
    ("rub", 55),
    ("usd", 40),
    ("eur", 40),
];

#[rustfmt::skip]
const AMOUNT_BLOCK: &[&str] = &[
    "id", "№", "number", "номер", "code", "код", "инн", "profit", "прибыл", "margin", "маржа", "наценк",
    "discount", "скидк", "price", "цена", "цен", "unit", "себестоимост", "cost", "затрат", "qty", "quantity",
    "количеств", "кол", "шт", "count", "чеков", "чек", "%", "percent", "процент", "доля", "share", "rate",
    "ставк", "коэф", "phone", "postal", "year", "год", "month", "месяц", "date", "дата", "день", "days",
    "возврат", "return", "пути", "avg", "average", "средн", "средняя", "min", "max", "plan", "план",
    "budget", "бюджет", "target", "balance", "остаток", "долг", "debt", "задолженност", "msrp", "each",
    "size", "weight", "вес", "объем", "volume", "currency", "валют", "rep", "person", "manager",
    "менеджер", "channel", "канал", "territory", "region", "contract", "договор", "bonus", "бонус",
    "clerk", "ndc",
];

const DATE: &[(&str, u8)] = &[
    ("дата", 90),
    ("дата документа", 100),
    ("дата отгрузки", 100),
    ("дата реализации", 100),
    ("дата продажи", 100),
    ("дата заказа", 90),
    ("период", 80),
    ("date", 90),
    // МойСклад: «Время» holds the document's date and time.
    ("время", 70),
    ("дата и время", 100),
    ("invoice date", 100),
    ("order date", 100),
    ("statement date", 100),
    ("sales date", 100),
    ("transaction date", 100),
    ("document date", 100),
    ("posting date", 95),
    ("ship date", 70),
];

#[rustfmt::skip]
const DATE_BLOCK: &[&str] = &[
    "рождени", "birth", "due", "срок", "оплат", "payment", "end", "окончани", "start", "начал", "created",
    "modified", "изменени", "создани", "id", "код", "code",
];

const MANAGER: &[(&str, u8)] = &[
    ("менеджер", 100),
    ("ответственн", 90),
    ("торговый представитель", 100),
    ("торговый агент", 95),
    ("агент", 80),
    ("супервайзер", 70),
    ("сотрудник", 70),
    ("manager", 95),
    ("sales manager", 100),
    ("account manager", 100),
    ("sales rep", 100),
    ("sales representative", 100),
    ("salesperson", 100),
    ("sales person", 100),
    ("rep", 70),
    ("owner", 70),
    ("account owner", 90),
    ("employee", 70),
];

#[rustfmt::skip]
const MANAGER_BLOCK: &[&str] = &["contact", "контакт", "контактн", "id", "код", "code", "phone", "телефон", "email"];

const DEPARTMENT: &[(&str, u8)] = &[
    ("отдел", 100),
    ("подразделени", 100),
    ("филиал", 95),
    ("регион", 90),
    ("направлени", 80),
    ("сектор", 50),
    ("канал", 60),
    ("department", 100),
    ("branch", 95),
    ("division", 95),
    ("region", 90),
    ("territory", 90),
    ("business unit", 95),
    ("channel", 60),
    ("segment", 45),
    ("сегмент", 45),
    ("category", 35),
    ("категори", 35),
    ("торговая точка", 45),
    ("магазин", 45),
    ("store", 45),
    ("склад", 35),
    ("warehouse", 35),
];

#[rustfmt::skip]
const DEPARTMENT_BLOCK: &[&str] = &["id", "код", "code", "manager", "менеджер", "sub", "product", "товар"];

const PRODUCT: &[(&str, u8)] = &[
    ("товар", 100),
    ("номенклатур", 100),
    ("продукци", 95),
    ("продукт", 90),
    ("услуг", 70),
    ("наименование товара", 100),
    ("наименование номенклатуры", 100),
    ("артикул", 50),
    ("product", 95),
    ("product name", 100),
    ("item", 85),
    ("item name", 95),
    ("item description", 100),
    ("product description", 95),
    ("product line", 80),
    ("sku", 50),
    ("material", 60),
];

#[rustfmt::skip]
const PRODUCT_BLOCK: &[&str] = &[
    "id", "код", "code", "number", "no", "номер", "category", "категори", "групп", "group", "price", "цена",
    "цен", "qty", "quantity", "count", "кол", "количеств", "sum", "сумм", "amount", "unit", "manager",
    "менеджер",
];

const QUANTITY: &[(&str, u8)] = &[
    ("количеств", 100),
    ("кол во", 100),
    ("qty", 100),
    ("quantity", 100),
    ("quantity ordered", 100),
    ("qty ordered", 100),
    ("units", 70),
    ("шт", 60),
    ("штук", 60),
    ("pcs", 70),
    ("volume", 40),
    ("объем", 40),
];

#[rustfmt::skip]
const QUANTITY_BLOCK: &[&str] =
    &["id", "код", "code", "unit", "price", "цена", "цен", "сумм", "amount", "руб", "чек", "чеков", "коэф"];

// "State" alone is a US state far more often than an order's state: not listed.
const STATUS: &[(&str, u8)] = &[
    ("статус", 100),
    ("статус заказа", 100),
    ("статус документа", 100),
    ("статус отгрузки", 100),
    ("состояние", 80),
    ("состояние заказа", 95),
    ("status", 100),
    ("order status", 100),
    ("order state", 90),
    ("document status", 100),
    // CRM deal lists: the stage says won, lost or still open.
    ("стадия", 85),
    ("стадия сделки", 100),
    ("этап", 80),
    ("этап сделки", 100),
    ("stage", 85),
    ("deal stage", 100),
];

// A client's own status ("Статус клиента", "Customer status") or a payment's is not the order's.
#[rustfmt::skip]
const STATUS_BLOCK: &[&str] = &[
    "клиент", "контрагент", "покупател", "партнер", "client", "customer", "account", "оплат", "payment",
    "paid", "налог", "tax", "vat", "lead", "лид", "сотрудник", "employee", "marital", "семейн",
];

const CLIENT_ID: &[(&str, u8)] = &[
    ("инн", 100),
    ("инн контрагента", 100),
    ("инн покупателя", 100),
    ("инн клиента", 100),
    ("код контрагента", 100),
    ("код клиента", 100),
    ("код покупателя", 100),
    ("customer id", 100),
    ("client id", 100),
    ("customer code", 100),
    ("client code", 100),
    ("customerid", 100),
    ("tax id", 100),
    ("vat id", 90),
    ("unp", 80),
    ("унп", 90),
    ("бин", 90),
    ("иин", 80),
    ("inn", 80),
    ("taxpayer id", 100),
    ("customer number", 95),
    ("customer no", 90),
    ("client number", 95),
    ("account id", 90),
];

// Order and product codes, and the seller's own or the parent's tax ID, say nothing about the client.
#[rustfmt::skip]
const CLIENT_ID_BLOCK: &[&str] = &[
    "заказа", "order", "документа", "товара", "product", "менеджера", "продавц", "поставщик", "организаци",
    "seller", "supplier", "vendor", "головн", "parent", "холдинг", "holding",
];

const PARENT: &[(&str, u8)] = &[
    ("головной контрагент", 100),
    ("головная организация", 100),
    ("головная компания", 100),
    ("холдинг", 100),
    ("группа компаний", 100),
    ("parent", 100),
    ("parent company", 100),
    ("parent account", 100),
    ("holding", 100),
    ("group company", 90),
];

// Flags ("settle_with_parent_flag"), codes and product hierarchies are not a parent company.
#[rustfmt::skip]
const PARENT_BLOCK: &[&str] = &[
    "id", "код", "code", "инн", "flag", "признак", "is", "settle", "number", "номер", "№", "address", "адрес",
    "contact", "контакт", "phone", "телефон", "product", "товар", "sku", "item", "category", "категори",
];

const PROFIT: &[(&str, u8)] = &[
    ("валовая прибыль", 100),
    ("валовый доход", 100),
    ("валовой доход", 100),
    ("маржинальный доход", 100),
    ("прибыль", 90),
    ("маржа", 90),
    ("gross profit", 100),
    ("gross margin", 95),
    ("profit", 90),
    ("margin", 80),
];

// Rates and per-unit values are not a sale's profit.
#[rustfmt::skip]
const PROFIT_BLOCK: &[&str] = &[
    "%", "процент", "percent", "рентабельн", "rate", "ratio", "ставк", "коэф", "единиц", "unit", "each",
    "plan", "план", "target", "avg", "average", "средн", "средняя",
];

const COST: &[(&str, u8)] = &[
    ("себестоимост", 100),
    ("cost of goods sold", 100),
    ("cost of sales", 100),
    ("cogs", 100),
    ("cost", 80),
];

#[rustfmt::skip]
const COST_BLOCK: &[&str] = &[
    "%", "процент", "percent", "единиц", "unit", "each", "price", "цена", "plan", "план", "avg", "average",
    "средн", "средняя", "center", "центр", "доставк", "shipping", "delivery",
];

const POTENTIAL: &[(&str, u8)] = &[
    ("потенциал", 100),
    ("потенциал клиента", 100),
    ("годовой потенциал", 100),
    ("потенциал в год", 100),
    ("объем закупок в год", 100),
    ("объем закупок", 80),
    ("годовой объем закупок", 100),
    ("potential", 100),
    ("annual potential", 100),
    ("customer potential", 100),
    ("sales potential", 95),
    ("wallet size", 100),
    ("wallet", 85),
];

// The share of the potential we hold, codes and plans are not the client's potential.
#[rustfmt::skip]
const POTENTIAL_BLOCK: &[&str] = &[
    "%", "процент", "percent", "доля", "share", "rate", "коэф", "id", "код", "code", "реализаци",
    "использ", "освоени", "ratio",
];

const MARKS: &[(&str, u8)] = &[
    ("признак ключевого", 100),
    ("ключевой по", 100),
    ("почему ключевой", 100),
    ("ключевой клиент по", 100),
    ("метк", 90),
    ("тег", 90),
    ("теги", 90),
    ("ярлык", 80),
    // A client category naming kinds («Партнёр», «Референтный»); ABC letters there fail the values check.
    ("категория клиента", 60),
    ("key reason", 100),
    ("key account reason", 100),
    ("why key", 100),
    ("tag", 90),
    ("label", 80),
];

#[rustfmt::skip]
const MARKS_BLOCK: &[&str] = &["id", "код", "code", "товар", "product", "item", "sku", "row", "column", "строк"];

const MARK_REFERENCE: &[(&str, u8)] = &[
    ("референтн", 100),
    ("референсн", 100),
    ("референтный клиент", 100),
    ("известный бренд", 90),
    ("reference", 100),
    ("reference client", 100),
    ("reference customer", 100),
    ("reference account", 100),
    ("famous", 90),
];

const MARK_INNOVATOR: &[(&str, u8)] = &[
    ("инноватор", 100),
    ("инновационн", 90),
    ("innovator", 100),
    ("innovative", 90),
    ("early adopter", 95),
];

const MARK_PARTNER: &[(&str, u8)] = &[
    ("партнер", 100),
    ("стратегический партнер", 100),
    ("partner", 100),
    ("strategic partner", 100),
];

const MARK_DEMANDING: &[(&str, u8)] = &[
    ("требовательн", 100),
    ("требовательный клиент", 100),
    ("взыскательн", 90),
    ("demanding", 100),
    ("demanding client", 100),
    ("demanding customer", 100),
];

// A yes/no kind column names only the kind: not a number, code, type or the partner's name.
#[rustfmt::skip]
const MARK_FLAG_BLOCK: &[&str] = &[
    "id", "код", "code", "number", "no", "номер", "№", "инн", "дата", "date", "тип", "type", "групп", "group",
    "канал", "channel", "наименование", "название", "name", "контакт", "contact", "менеджер", "manager",
];

fn table(role: Role) -> (&'static [(&'static str, u8)], &'static [&'static str]) {
    match role {
        Role::Client => (CLIENT, CLIENT_BLOCK),
        Role::Amount => (AMOUNT, AMOUNT_BLOCK),
        Role::Date => (DATE, DATE_BLOCK),
        Role::Manager => (MANAGER, MANAGER_BLOCK),
        Role::Department => (DEPARTMENT, DEPARTMENT_BLOCK),
        Role::Product => (PRODUCT, PRODUCT_BLOCK),
        Role::Quantity => (QUANTITY, QUANTITY_BLOCK),
        Role::Status => (STATUS, STATUS_BLOCK),
        Role::ClientId => (CLIENT_ID, CLIENT_ID_BLOCK),
        Role::Parent => (PARENT, PARENT_BLOCK),
        Role::Profit => (PROFIT, PROFIT_BLOCK),
        Role::Cost => (COST, COST_BLOCK),
        Role::Potential => (POTENTIAL, POTENTIAL_BLOCK),
        Role::Marks => (MARKS, MARKS_BLOCK),
        Role::MarkReference => (MARK_REFERENCE, MARK_FLAG_BLOCK),
        Role::MarkInnovator => (MARK_INNOVATOR, MARK_FLAG_BLOCK),
        Role::MarkPartner => (MARK_PARTNER, MARK_FLAG_BLOCK),
        Role::MarkDemanding => (MARK_DEMANDING, MARK_FLAG_BLOCK),
    }
}

/// What a header says about VAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Vat {
    None,
    With,
    Without,
    /// The tax itself ("Сумма НДС"): never the amount.
    TaxOnly,
}

/// Net of discounts or gross, by the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Discounts {
    /// "Net Sales", «Сумма со скидкой», «Выручка нетто».
    Net,
    /// "Gross Sales", «Сумма без скидки», «Брутто».
    Gross,
    None,
}

/// Does the header say net or gross of discounts (not of VAT: see [`vat_of`])?
pub(super) fn net_of(head: &[String]) -> Discounts {
    let has = |w: &str| head.iter().any(|t| t == w);
    let discount = head
        .iter()
        .any(|t| t.starts_with("скидк") || t == "discount" || t == "discounts");
    if vat_of(head) != Vat::None {
        return Discounts::None;
    }
    if has("gross") || has("брутто") || (discount && (has("без") || has("до") || has("before"))) {
        Discounts::Gross
    } else if has("net")
        || has("нетто")
        || (discount && (has("со") || has("с") || has("учетом") || has("after") || has("less")))
    {
        Discounts::Net
    } else {
        Discounts::None
    }
}

/// A CRM deal stage column: «Стадия сделки», «Этап», "Stage".
pub(super) fn is_deal_stage_header(head: &[String]) -> bool {
    head.iter().any(|t| {
        matches!(
            t.as_str(),
            "стадия" | "этап" | "stage" | "сделки" | "deal" | "pipeline" | "воронка"
        )
    })
}

/// A header that is only a total word: «Итого», «Всего», "Total".
pub(super) fn is_total_word_header(head: &[String]) -> bool {
    !head.is_empty()
        && head.iter().all(|t| {
            matches!(
                t.as_str(),
                "итого" | "итог" | "всего" | "total" | "руб" | "rub" | "usd" | "eur" | "₽"
            )
        })
}

/// A column naming the client's company: "Company", «Компания», «Организация»
/// (in 1C often our own firm, so only when its values vary), "Account".
pub(super) fn is_company_header(head: &[String]) -> bool {
    let first = head.first().map(String::as_str).unwrap_or("");
    head.len() <= 3
        && (matches!(
            first,
            "company" | "компания" | "организация" | "account" | "firm" | "business" | "контрагент"
        ) || head.iter().any(|t| t == "компании" || t == "организации"))
        && !head.iter().any(|t| {
            matches!(
                t.as_str(),
                "id" | "код" | "code" | "инн" | "address" | "адрес" | "phone" | "телефон" | "type" | "тип"
            )
        })
}

/// A column naming a person: «Контактное лицо», "Contact", «ФИО», "Customer Name" is
/// told by its values (see `roles`), not here.
pub(super) fn is_person_header(head: &[String]) -> bool {
    head.len() <= 4
        && head.iter().any(|t| {
            matches!(
                t.as_str(),
                "contact" | "контакт" | "контактное" | "фио" | "person" | "лицо" | "сотрудник"
            )
        })
        && !head.iter().any(|t| {
            matches!(
                t.as_str(),
                "phone" | "телефон" | "email" | "mail" | "почта" | "id" | "код" | "адрес" | "address"
            )
        })
}

pub(super) fn vat_of(head: &[String]) -> Vat {
    let has_tax = head
        .iter()
        .any(|t| matches!(t.as_str(), "ндс" | "vat" | "tax" | "налог" | "налога"));
    if !has_tax {
        // "Net Sales"/"Gross Sales" say nothing about VAT.
        return Vat::None;
    }
    let with = head.iter().any(|t| {
        matches!(
            t.as_str(),
            "с" | "вкл" | "включ" | "включая" | "incl" | "including" | "inc" | "gross" | "учетом"
        )
    });
    let without = head.iter().any(|t| {
        matches!(
            t.as_str(),
            "без" | "excl" | "excluding" | "ex" | "net" | "before" | "pre" | "минус"
        )
    });
    match (with, without) {
        (_, true) => Vat::Without,
        (true, false) => Vat::With,
        _ => Vat::TaxOnly,
    }
}

/// A role's synonym table tokenised once (role_score runs per header cell and role:
/// a sheet with thousands of columns asked it hundreds of thousands of times).
struct Prepared {
    /// (tokens, the tokens concatenated, weight) per synonym phrase.
    syns: Vec<(Vec<&'static str>, String, u8)>,
    /// The veto phrases, tokenised.
    block: Vec<Vec<&'static str>>,
}

impl Prepared {
    fn new(role: Role) -> Prepared {
        let (syns, block) = table(role);
        Prepared {
            syns: syns
                .iter()
                .map(|(phrase, weight)| {
                    let toks: Vec<&'static str> = phrase.split(' ').collect();
                    let compact = toks.concat();
                    (toks, compact, *weight)
                })
                .collect(),
            block: block.iter().map(|b| b.split(' ').collect()).collect(),
        }
    }

    fn blocked(&self, head: &[String]) -> bool {
        self.block.iter().any(|b| find_phrase(b, head).is_some())
    }
}

fn prepared(role: Role) -> &'static Prepared {
    static ALL: LazyLock<Vec<Prepared>> = LazyLock::new(|| Role::ALL.iter().map(|r| Prepared::new(*r)).collect());
    static NONE: Prepared = Prepared {
        syns: Vec::new(),
        block: Vec::new(),
    };
    Role::ALL
        .iter()
        .position(|r| *r == role)
        .and_then(|i| ALL.get(i))
        .unwrap_or(&NONE)
}

/// How strongly the header says `role`, 0–100 (0: not at all or vetoed).
pub(super) fn role_score(role: Role, head: &[String]) -> u8 {
    if head.is_empty() {
        return 0;
    }
    let table = prepared(role);
    if table.blocked(head) {
        return 0;
    }
    if role == Role::Amount && vat_of(head) == Vat::TaxOnly {
        return 0;
    }
    let meaningful = head.iter().filter(|t| !UNIT_TOKENS.contains(&t.as_str())).count();
    let compact: String = head.concat();
    let mut best: u8 = 0;
    for (p, p_compact, weight) in &table.syns {
        let found = || find_phrase(p, head).is_some();
        let score = if compact == *p_compact || (head.len() == p.len() && found()) {
            *weight
        } else if found() {
            let extra = meaningful.saturating_sub(p.len()) as u8;
            weight.saturating_sub(5 + 3 * extra.min(7))
        } else if head.len() == 1 && p_compact.chars().count() >= 4 && compact.starts_with(p_compact.as_str()) {
            // CUSTOMERNAME-style: a known word followed by more letters.
            let rest = compact.get(p_compact.len()..).unwrap_or("");
            if rest.chars().count() < 2 || table.blocked(&[rest.to_string()]) {
                0
            } else {
                weight.saturating_sub(15)
            }
        } else {
            0
        };
        best = best.max(score);
    }
    best
}

/// Header words that name something other than our roles (ids, addresses,
/// cities, contacts, sellers, prices…), or a calendar period.
#[rustfmt::skip]
const KNOWN_OTHER: &[&str] = &[
    "id", "код", "code", "№", "номер", "number", "no", "инн", "кпп", "адрес", "address", "line", "city", "город",
    "country", "страна", "state", "province", "област", "район", "postal", "zip", "индекс", "phone", "телефон",
    "fax", "факс", "email", "mail", "status", "статус", "comment", "комментари", "примечани", "contact",
    "контакт", "контактн", "seller", "продавец", "поставщик", "supplier", "vendor", "организаци", "склад",
    "warehouse", "магазин", "store", "точка", "shop", "type", "тип", "mode", "способ", "договор", "contract",
    "форма", "оплат", "payment", "currency", "валют", "unit", "ед", "price", "цена", "цен", "discount",
    "скидк", "profit", "прибыл", "ндс", "vat", "tax", "налог", "year", "год", "month", "месяц", "квартал",
    "quarter", "qtr", "day", "день", "week", "недел", "size", "размер", "deal", "msrp", "each", "margin",
    "маржа", "себестоимост", "cost", "row", "строк", "index", "flag", "is", "null", "misc", "коэф", "чек",
    "чеков", "доля", "share", "percent", "процент", "%", "person", "comments", "pipeline", "point",
    "январ", "феврал", "март", "апрел", "май", "мая", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
    "декабр", "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov",
    "dec", "returned", "ship", "доставк", "возврат",
];

/// Long joined Latin words containing one of these are known too (CONTACTLASTNAME).
#[rustfmt::skip]
const KNOWN_INFIX: &[&str] = &["contact", "phone", "address", "postal", "status", "price", "number", "code", "size"];

/// True when the header names something other than our roles.
pub(super) fn is_known_other(head: &[String]) -> bool {
    if head.iter().any(|t| KNOWN_OTHER.iter().any(|k| tok_match(k, t))) {
        return true;
    }
    head.iter()
        .any(|t| t.len() >= 7 && t.is_ascii() && KNOWN_INFIX.iter().any(|k| t.contains(k) && t.as_str() != *k))
}

/// Generic "name" headers: could be a client or a product.
pub(super) fn is_generic_name(head: &[String]) -> bool {
    head.len() == 1
        && head.first().is_some_and(|t| {
            matches!(
                t.as_str(),
                "name" | "names" | "наименование" | "название" | "имя" | "наим"
            )
        })
}

/// Headers that say nothing: empty, `Column1`, `Unnamed: 3`, a number, one letter.
pub(super) fn is_placeholder(head: &[String]) -> bool {
    if head.is_empty() {
        return true;
    }
    let all_digits = head.iter().all(|t| t.chars().all(|c| c.is_ascii_digit()));
    if all_digits {
        return true;
    }
    let first = head.first().map(String::as_str).unwrap_or("");
    let rest_digits = head.iter().skip(1).all(|t| t.chars().all(|c| c.is_ascii_digit()));
    let word = first.trim_end_matches(|c: char| c.is_ascii_digit());
    let placeholder_word = matches!(
        word,
        "column" | "col" | "field" | "столбец" | "колонка" | "unnamed" | "поле" | "f" | "c" | "var" | "x"
    );
    (placeholder_word && rest_digits) || (head.len() == 1 && first.chars().count() == 1)
}

/// Is this text (a cell value) itself one of our header words? Such values
/// mark a label column ("Цена, шт." / "Кол-во"), not names.
pub(super) fn looks_like_header_word(head: &[String]) -> bool {
    !head.is_empty()
        && head.len() <= 4
        && (Role::ALL.iter().any(|r| role_score(*r, head) >= 60) || is_known_other(head))
}

/// Pivot-table markers: a sheet showing them is a summary, not the data.
/// "Grand Total" alone is not one (data sheets end with totals too); see
/// [`is_pivot_total`].
pub(super) fn is_pivot_marker(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t == "row labels"
        || t == "column labels"
        || t == "(multiple items)"
        || t == "(all)"
        || t.starts_with("sum of ")
        || t.starts_with("count of ")
        || t.starts_with("average of ")
        || t.starts_with("сумма по полю")
        || t.starts_with("количество по полю")
        || t.starts_with("среднее по полю")
        || t == "названия строк"
        || t == "названия столбцов"
        || t == "(несколько элементов)"
        || t == "(все)"
}

/// A pivot table's filter values: "(All)", "(Multiple Items)", «(Все)», «(несколько элементов)».
pub(super) fn is_pivot_filter(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    matches!(
        t.as_str(),
        "(all)" | "(multiple items)" | "(все)" | "(несколько элементов)"
    )
}

/// The pivot table's total label.
pub(super) fn is_pivot_total(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t == "grand total" || t == "общий итог"
}

/// Legal-form and organisation markers in a client name.
pub(crate) fn has_org_marker(text: &str) -> bool {
    thread_local! {
        static ORGS: Memo<bool> = Memo::default();
    }
    memoized(&ORGS, text, org_marker_uncached)
}

fn org_marker_uncached(text: &str) -> bool {
    if text.contains('«') || text.contains('"') {
        return true;
    }
    tokens(text).iter().any(|t| {
        matches!(
            t.as_str(),
            "ооо"
                | "ип"
                | "ао"
                | "пао"
                | "зао"
                | "оао"
                | "нко"
                | "ано"
                | "гуп"
                | "муп"
                | "фгуп"
                | "сош"
                | "мбоу"
                | "гбу"
                | "ltd"
                | "inc"
                | "llc"
                | "co"
                | "corp"
                | "corporation"
                | "gmbh"
                | "company"
                | "plc"
                | "ag"
                | "sa"
                | "srl"
                | "bv"
                | "oy"
                | "ab"
                | "limited"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(role: Role, h: &str) -> u8 {
        role_score(role, &tokens(h))
    }

    #[test]
    fn tokens_split_camel_snake_and_punctuation() {
        assert_eq!(tokens("Buyer_Name"), vec!["buyer", "name"]);
        assert_eq!(tokens("CustomerName"), vec!["customer", "name"]);
        assert_eq!(tokens("Сумма с НДС, руб"), vec!["сумма", "с", "ндс", "руб"]);
        assert_eq!(tokens("Кол-во, уп"), vec!["кол", "во", "уп"]);
        assert_eq!(tokens("Ёмкость"), vec!["емкость"]);
    }

    #[test]
    fn synonyms_and_traps() {
        assert_eq!(score(Role::Client, "CUSTOMERNAME"), 100);
        assert!(score(Role::Client, "Сектор / Клиент") >= 90);
        assert_eq!(score(Role::Client, "Customer ID"), 0);
        assert_eq!(score(Role::Client, "Buyer_Contact_Name"), 0);
        assert_eq!(score(Role::Client, "Seller_Name"), 0);
        assert_eq!(score(Role::Client, "Контактное лицо"), 0);
        assert_eq!(score(Role::Client, "CONTACTLASTNAME"), 0);
        assert_eq!(score(Role::Amount, "Сумма НДС, руб / 10%"), 0);
        assert_eq!(score(Role::Amount, "НДС"), 0);
        assert_eq!(score(Role::Amount, "Profit"), 0);
        assert_eq!(score(Role::Amount, "Sales_Statement_Id"), 0);
        assert!(score(Role::Amount, "Сумма с НДС, руб") >= 95);
        assert!(score(Role::Amount, "Сумма без НДС") >= 85);
        assert_eq!(score(Role::Amount, "Extended_Amount"), 100);
        assert_eq!(score(Role::Date, "ORDERDATE"), 100);
        assert!(score(Role::Date, "Order Date") > score(Role::Date, "Ship Date"));
        assert_eq!(score(Role::Quantity, "QUANTITYORDERED"), 100);
        assert!(score(Role::Quantity, "Кол-во, уп") >= 90);
        assert_eq!(score(Role::Product, "PRODUCTCODE"), 0);
        assert_eq!(score(Role::Product, "PRODUCTLINE"), 80);
        assert_eq!(score(Role::Manager, "Sales Rep"), 100);
        assert!(score(Role::Manager, "Sales Rep") > score(Role::Amount, "Sales Rep"));
        assert_eq!(vat_of(&tokens("Сумма с НДС")), Vat::With);
        assert_eq!(vat_of(&tokens("Сумма без НДС")), Vat::Without);
        assert!(is_known_other(&tokens("CONTACTFIRSTNAME")));
        assert!(is_known_other(&tokens("Город доставки")));
        assert!(is_placeholder(&tokens("Column1")));
        assert!(is_placeholder(&tokens("Unnamed: 3")));
        assert!(is_placeholder(&tokens("")));
    }

    #[test]
    fn status_id_and_parent_headers_and_their_traps() {
        for h in [
            "Статус",
            "Статус заказа",
            "Состояние",
            "STATUS",
            "Order Status",
            "Статус документа",
        ] {
            assert!(score(Role::Status, h) >= 80, "{h}");
        }
        for h in [
            "Статус клиента",
            "Customer status",
            "Статус контрагента",
            "Статус оплаты",
            "State",
        ] {
            assert_eq!(score(Role::Status, h), 0, "{h}");
        }
        for h in [
            "ИНН",
            "ИНН покупателя",
            "ИНН/КПП",
            "БИН",
            "УНП",
            "Customer ID",
            "Код контрагента",
        ] {
            assert!(score(Role::ClientId, h) >= 80, "{h}");
            assert_eq!(score(Role::Client, h), 0, "{h}");
        }
        for h in ["ИНН продавца", "Order ID", "Код товара", "ИНН головного контрагента"]
        {
            assert_eq!(score(Role::ClientId, h), 0, "{h}");
        }
        for h in [
            "Головной контрагент",
            "Головная организация",
            "Холдинг",
            "Parent",
            "Parent company",
            "Holding",
        ] {
            assert!(score(Role::Parent, h) >= 90, "{h}");
            assert_eq!(score(Role::Client, h), 0, "{h}");
        }
        for h in [
            "settle_with_parent_flag",
            "Parent ID",
            "Parent SKU",
            "Код головного контрагента",
        ] {
            assert_eq!(score(Role::Parent, h), 0, "{h}");
        }
        assert_eq!(score(Role::Status, "Статус"), 100);
        assert_eq!(score(Role::Client, "Статус"), 0);
        assert_eq!(score(Role::Amount, "Статус"), 0);
    }
}
