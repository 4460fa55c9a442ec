//! The method's findings, typed per kind: each kind carries its own fields,
//! its code and its severity. The report serializes a finding to one flat
//! JSON object ([`FlatFinding`]): `{code, severity, rule, client?, share?, …}`.
//!
//! To add a finding: a variant here (with its code in [`FindingCode`] and its
//! severity in [`FindingKind::severity`]), a rule in `rules/` called from
//! `analysis/mod.rs`, its fields in [`FindingKind::flat`], and its texts in the
//! page's dictionaries and `docs/report.md` (the tests fail until they exist).

use crate::core::codes::codes;
use crate::core::model::MarkSet;
use crate::core::options::SupplierUnit;
use crate::core::value::Date;
use serde::{Serialize, Serializer};

codes! {
    /// Every finding's code, in the order the report lists them within one severity.
    pub enum FindingCode {
        /// One client makes all sales.
        MonoClient = "mono_client",
        /// A client above the critical share.
        CriticalDependency = "critical_dependency",
        /// A client at a dependency level.
        Dependency = "dependency",
        /// A manager leading more key accounts than the method allows.
        ManagerOverload = "manager_overload",
        /// A manager leading key accounts and many small (class C) clients.
        KamMixedWithSmallOrders = "kam_mixed_with_small_orders",
        /// A company key client no manager leads.
        KeyClientNoManager = "key_client_no_manager",
        /// A supplier's discount tier already missed.
        SupplierTierMissed = "supplier_tier_missed",
        /// A key client that stopped buying.
        LostKeyClient = "lost_key_client",
        /// A key client buying far less than it used to.
        SlippingKeyClient = "slipping_key_client",
        /// Concentration rising from one window of complete months to the next.
        ConcentrationRising = "concentration_rising",
        /// A key client by revenue whose gross profit is negative.
        LossMakingKeyClient = "loss_making_key_client",
        /// A key account at some scope.
        KeyAccount = "key_account",
        /// A client key by the owner's judgment.
        KeyByJudgment = "key_by_judgment",
        /// A company key client whose sales several managers share.
        KeyClientSplit = "key_client_split",
        /// A client key in the latest window and not in the one before.
        NewKeyAccount = "new_key_account",
        /// A company key client whose monthly purchases are irregular (XYZ class Z).
        UnstableKeyClient = "unstable_key_client",
        /// Clients whose net amount is zero or negative.
        NonPositiveClients = "non_positive_clients",
        /// Lost clients could not be checked (no dates).
        LostClientsUnchecked = "lost_clients_unchecked",
        /// Trends could not be checked (too few complete months).
        TrendsUnchecked = "trends_unchecked",
        /// More clients marked as innovators than the method expects.
        InnovatorsOvermarked = "innovators_overmarked",
        /// A supplier condition could not be checked.
        SupplierUnchecked = "supplier_unchecked",
    }
}

/// Where a key account is key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The whole company.
    Company,
    /// Within one department.
    Department,
    /// Within one manager's book.
    Manager,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Act now.
    Critical,
    /// Act soon.
    Warning,
    /// Good to know.
    Info,
}

/// The rule a finding applied, so the page can cite it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rule {
    /// The threshold that was reached (a share, a count, or days).
    pub threshold: f64,
    /// `company`, `department` or `manager`.
    pub scope: Scope,
}

/// Why lost key clients could not be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unchecked {
    /// The table has no date column.
    NoDateColumn,
    /// The date column holds no readable date.
    NoDates,
}

impl Unchecked {
    fn as_str(self) -> &'static str {
        match self {
            Unchecked::NoDateColumn => "no_date_column",
            Unchecked::NoDates => "no_dates",
        }
    }
}

/// Why trends could not be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendsUnchecked {
    /// Fewer complete months than two windows of the minimum need.
    FewMonths,
    /// The dates are quarters or years (a wide table's columns), not months.
    NotMonthly,
}

impl TrendsUnchecked {
    fn as_str(self) -> &'static str {
        match self {
            TrendsUnchecked::FewMonths => "few_months",
            TrendsUnchecked::NotMonthly => "not_monthly",
        }
    }
}

/// A supplier's tier that a client's departure would break.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplierBreak {
    /// The condition's name.
    pub condition: String,
    /// `units` or `money`.
    pub unit: SupplierUnit,
    /// The monthly volume today.
    pub volume: f64,
    /// The tier per month.
    pub tier: f64,
    /// The monthly volume without the client.
    pub volume_without: f64,
}

/// Two runs of complete months a trend compares: (from, to) each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Windows {
    /// The latest months.
    pub recent: (Date, Date),
    /// The months before.
    pub previous: (Date, Date),
}

/// What a finding says, with the fields of its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum FindingKind {
    /// One client makes all positive sales.
    MonoClient {
        /// The client's name.
        client: String,
        /// Its share of sales: 1, or more when other clients only returned goods.
        share: f64,
    },
    /// A client's company share is above the critical share, or its departure
    /// would lose a supplier's discount.
    CriticalDependency {
        /// The client's name.
        client: String,
        /// Its company share.
        share: f64,
        /// The supplier tier it holds up; `None`: critical by its share.
        supplier: Option<SupplierBreak>,
    },
    /// A client's company share reached a dependency level.
    Dependency {
        /// The client's name.
        client: String,
        /// Its company share.
        share: f64,
        /// The highest level reached.
        level: f64,
    },
    /// A manager leads more company key accounts than the method allows.
    ManagerOverload {
        /// The manager.
        manager: String,
        /// The key accounts led, in key-account order.
        clients: Vec<String>,
    },
    /// A company key client silent for much longer than it usually is.
    LostKeyClient {
        /// The client's name.
        client: String,
        /// Its company share.
        share: f64,
        /// Its last purchase.
        last_date: Date,
        /// Days from the last purchase to the as-of date.
        days_silent: u32,
    },
    /// A key account at a scope.
    KeyAccount {
        /// The client's name.
        client: String,
        /// Its share within the scope.
        share: f64,
        /// The scope.
        scope: Scope,
        /// The department or manager; `None` for the company.
        group: Option<String>,
    },
    /// Clients whose net amount is zero or negative (left out of the indices).
    NonPositiveClients {
        /// Their names.
        clients: Vec<String>,
    },
    /// Lost key clients could not be checked.
    LostClientsUnchecked {
        /// Why.
        reason: Unchecked,
    },
    /// A company key client's last complete months are far below its average before.
    SlippingKeyClient {
        /// The client's name.
        client: String,
        /// Its company share.
        share: f64,
        /// Its monthly average over the recent months (rounded to cents).
        monthly_recent: f64,
        /// Its monthly average over the months before (rounded to cents).
        monthly_before: f64,
        /// The recent months: first and last day.
        recent: (Date, Date),
    },
    /// Concentration rising from the previous window to the recent one.
    ConcentrationRising {
        /// The recent window's largest client.
        client: String,
        /// The largest client's share, recent window.
        share: f64,
        /// The largest client's share, previous window.
        share_before: f64,
        /// HHI, recent window.
        hhi: f64,
        /// HHI, previous window.
        hhi_before: f64,
        /// The windows.
        windows: Windows,
    },
    /// A company key client by revenue whose gross profit is negative.
    LossMakingKeyClient {
        /// The client's name.
        client: String,
        /// Its revenue share.
        share: f64,
        /// Its gross profit (rounded to cents).
        profit: f64,
    },
    /// A client key in the recent window that was not in the previous one.
    NewKeyAccount {
        /// The client's name.
        client: String,
        /// Its share, recent window.
        share: f64,
        /// Its share, previous window.
        share_before: f64,
        /// The windows.
        windows: Windows,
    },
    /// A company key client whose monthly purchases are irregular.
    UnstableKeyClient {
        /// The client's name.
        client: String,
        /// Its company share.
        share: f64,
        /// The coefficient of variation of its monthly sales.
        cv: f64,
    },
    /// Trends could not be checked.
    TrendsUnchecked {
        /// Why.
        reason: TrendsUnchecked,
        /// Complete months available.
        months: u32,
    },
    /// A manager leads company key accounts and also many class C clients.
    KamMixedWithSmallOrders {
        /// The manager.
        manager: String,
        /// The key accounts led.
        clients: Vec<String>,
        /// Class C clients led.
        small: u32,
    },
    /// A company key client with no manager on any of its lines (the file has managers).
    KeyClientNoManager {
        /// The client's name.
        client: String,
        /// Its company share.
        share: f64,
    },
    /// A supplier's tier is already missed today.
    SupplierTierMissed {
        /// The condition's name.
        condition: String,
        /// `units` or `money`.
        unit: SupplierUnit,
        /// The monthly volume today.
        volume: f64,
        /// The tier per month.
        tier: f64,
    },
    /// A client key by the owner's judgment (or by its potential).
    KeyByJudgment {
        /// The client's name.
        client: String,
        /// Its company share.
        share: f64,
        /// Why.
        marks: MarkSet,
        /// Our annual sales ÷ its potential.
        wallet_share: Option<f64>,
        /// Its potential per year.
        potential: Option<f64>,
    },
    /// A company key client whose sales several managers share.
    KeyClientSplit {
        /// The client's name.
        client: String,
        /// Its company share.
        share: f64,
        /// The managers, largest part first, and their parts of the client's sales.
        managers: Vec<(String, f64)>,
    },
    /// More clients marked as innovators than the method expects.
    InnovatorsOvermarked {
        /// Clients marked as innovators.
        count: u32,
        /// Their share of all clients.
        share: f64,
    },
    /// A supplier condition could not be checked.
    SupplierUnchecked {
        /// The condition's name.
        condition: String,
        /// `no_product`, `no_quantity`, `no_dates`, `few_months` or `no_sales`.
        reason: &'static str,
    },
}

impl FindingKind {
    /// The kind's code.
    pub fn code(&self) -> FindingCode {
        match self {
            FindingKind::MonoClient { .. } => FindingCode::MonoClient,
            FindingKind::CriticalDependency { .. } => FindingCode::CriticalDependency,
            FindingKind::Dependency { .. } => FindingCode::Dependency,
            FindingKind::ManagerOverload { .. } => FindingCode::ManagerOverload,
            FindingKind::LostKeyClient { .. } => FindingCode::LostKeyClient,
            FindingKind::KeyAccount { .. } => FindingCode::KeyAccount,
            FindingKind::NonPositiveClients { .. } => FindingCode::NonPositiveClients,
            FindingKind::LostClientsUnchecked { .. } => FindingCode::LostClientsUnchecked,
            FindingKind::SlippingKeyClient { .. } => FindingCode::SlippingKeyClient,
            FindingKind::ConcentrationRising { .. } => FindingCode::ConcentrationRising,
            FindingKind::LossMakingKeyClient { .. } => FindingCode::LossMakingKeyClient,
            FindingKind::NewKeyAccount { .. } => FindingCode::NewKeyAccount,
            FindingKind::UnstableKeyClient { .. } => FindingCode::UnstableKeyClient,
            FindingKind::TrendsUnchecked { .. } => FindingCode::TrendsUnchecked,
            FindingKind::KamMixedWithSmallOrders { .. } => FindingCode::KamMixedWithSmallOrders,
            FindingKind::KeyClientNoManager { .. } => FindingCode::KeyClientNoManager,
            FindingKind::SupplierTierMissed { .. } => FindingCode::SupplierTierMissed,
            FindingKind::KeyByJudgment { .. } => FindingCode::KeyByJudgment,
            FindingKind::KeyClientSplit { .. } => FindingCode::KeyClientSplit,
            FindingKind::InnovatorsOvermarked { .. } => FindingCode::InnovatorsOvermarked,
            FindingKind::SupplierUnchecked { .. } => FindingCode::SupplierUnchecked,
        }
    }

    /// How bad this kind of finding is.
    pub fn severity(&self) -> Severity {
        match self {
            FindingKind::MonoClient { .. } | FindingKind::CriticalDependency { .. } => Severity::Critical,
            FindingKind::Dependency { .. }
            | FindingKind::ManagerOverload { .. }
            | FindingKind::LostKeyClient { .. }
            | FindingKind::SlippingKeyClient { .. }
            | FindingKind::ConcentrationRising { .. }
            | FindingKind::LossMakingKeyClient { .. }
            | FindingKind::KamMixedWithSmallOrders { .. }
            | FindingKind::KeyClientNoManager { .. }
            | FindingKind::SupplierTierMissed { .. } => Severity::Warning,
            FindingKind::KeyAccount { .. }
            | FindingKind::NewKeyAccount { .. }
            | FindingKind::UnstableKeyClient { .. }
            | FindingKind::NonPositiveClients { .. }
            | FindingKind::LostClientsUnchecked { .. }
            | FindingKind::TrendsUnchecked { .. }
            | FindingKind::KeyByJudgment { .. }
            | FindingKind::KeyClientSplit { .. }
            | FindingKind::InnovatorsOvermarked { .. }
            | FindingKind::SupplierUnchecked { .. } => Severity::Info,
        }
    }

    /// The kind's fields as the report's flat JSON names them.
    fn flat(&self, flat: &mut FlatFinding) {
        match self {
            FindingKind::MonoClient { client, share } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
            }
            FindingKind::CriticalDependency {
                client,
                share,
                supplier,
            } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
                flat.reason = Some(
                    if supplier.is_some() {
                        "supplier_discount"
                    } else {
                        "share"
                    }
                    .to_string(),
                );
                if let Some(b) = supplier {
                    flat.condition = Some(b.condition.clone());
                    flat.unit = Some(b.unit);
                    flat.volume = Some(b.volume);
                    flat.tier = Some(b.tier);
                    flat.volume_without = Some(b.volume_without);
                }
            }
            FindingKind::Dependency { client, share, level } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
                flat.threshold = Some(*level);
            }
            FindingKind::ManagerOverload { manager, clients } => {
                flat.manager = Some(manager.clone());
                flat.count = Some(clients.len() as u32);
                flat.clients = Some(clients.clone());
            }
            FindingKind::LostKeyClient {
                client,
                share,
                last_date,
                days_silent,
            } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
                flat.last_date = Some(last_date.to_string());
                flat.days_silent = Some(*days_silent);
            }
            FindingKind::KeyAccount {
                client,
                share,
                scope,
                group,
            } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
                flat.scope = Some(*scope);
                flat.group = group.clone();
            }
            FindingKind::NonPositiveClients { clients } => {
                flat.count = Some(clients.len() as u32);
                flat.clients = Some(clients.clone());
            }
            FindingKind::LostClientsUnchecked { reason } => flat.reason = Some(reason.as_str().to_string()),
            FindingKind::SlippingKeyClient {
                client,
                share,
                monthly_recent,
                monthly_before,
                recent,
            } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
                flat.monthly_recent = Some(*monthly_recent);
                flat.monthly_before = Some(*monthly_before);
                flat.from = Some(recent.0.to_string());
                flat.to = Some(recent.1.to_string());
            }
            FindingKind::ConcentrationRising {
                client,
                share,
                share_before,
                hhi,
                hhi_before,
                windows,
            } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
                flat.share_before = Some(*share_before);
                flat.hhi = Some(*hhi);
                flat.hhi_before = Some(*hhi_before);
                flat.windows(windows);
            }
            FindingKind::LossMakingKeyClient { client, share, profit } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
                flat.profit = Some(*profit);
            }
            FindingKind::NewKeyAccount {
                client,
                share,
                share_before,
                windows,
            } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
                flat.share_before = Some(*share_before);
                flat.windows(windows);
            }
            FindingKind::UnstableKeyClient { client, share, cv } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
                flat.cv = Some(*cv);
            }
            FindingKind::TrendsUnchecked { reason, months } => {
                flat.reason = Some(reason.as_str().to_string());
                flat.count = Some(*months);
            }
            FindingKind::KamMixedWithSmallOrders {
                manager,
                clients,
                small,
            } => {
                flat.manager = Some(manager.clone());
                flat.clients = Some(clients.clone());
                flat.count = Some(*small);
            }
            FindingKind::KeyClientNoManager { client, share } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
            }
            FindingKind::SupplierTierMissed {
                condition,
                unit,
                volume,
                tier,
            } => {
                flat.condition = Some(condition.clone());
                flat.unit = Some(*unit);
                flat.volume = Some(*volume);
                flat.tier = Some(*tier);
            }
            FindingKind::KeyByJudgment {
                client,
                share,
                marks,
                wallet_share,
                potential,
            } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
                flat.marks = Some(*marks);
                flat.wallet_share = *wallet_share;
                flat.potential = *potential;
            }
            FindingKind::KeyClientSplit {
                client,
                share,
                managers,
            } => {
                flat.client = Some(client.clone());
                flat.share = Some(*share);
                flat.managers = Some(managers.iter().map(|(m, _)| m.clone()).collect());
                flat.manager_shares = Some(managers.iter().map(|(_, s)| *s).collect());
            }
            FindingKind::InnovatorsOvermarked { count, share } => {
                flat.count = Some(*count);
                flat.share = Some(*share);
            }
            FindingKind::SupplierUnchecked { condition, reason } => {
                flat.condition = Some(condition.clone());
                flat.reason = Some((*reason).to_string());
            }
        }
    }
}

/// One business finding: what it says, how bad it is, the rule it applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// What it says.
    pub kind: FindingKind,
    /// The rule (threshold and scope) it applied.
    pub rule: Rule,
}

impl Finding {
    /// A finding of `kind` under `rule`.
    pub fn new(kind: FindingKind, threshold: f64, scope: Scope) -> Finding {
        Finding {
            kind,
            rule: Rule { threshold, scope },
        }
    }
    /// Its code.
    pub fn code(&self) -> FindingCode {
        self.kind.code()
    }
    /// Its severity.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
    /// The share it is about, if any (the order within one code).
    pub fn share(&self) -> Option<f64> {
        match &self.kind {
            FindingKind::CriticalDependency { share, .. }
            | FindingKind::Dependency { share, .. }
            | FindingKind::LostKeyClient { share, .. }
            | FindingKind::KeyAccount { share, .. }
            | FindingKind::SlippingKeyClient { share, .. }
            | FindingKind::ConcentrationRising { share, .. }
            | FindingKind::LossMakingKeyClient { share, .. }
            | FindingKind::NewKeyAccount { share, .. }
            | FindingKind::UnstableKeyClient { share, .. }
            | FindingKind::KeyClientNoManager { share, .. }
            | FindingKind::KeyByJudgment { share, .. }
            | FindingKind::KeyClientSplit { share, .. } => Some(*share),
            _ => None,
        }
    }
    /// The finding as the report's JSON has it.
    pub fn flat(&self) -> FlatFinding {
        let mut flat = FlatFinding {
            code: self.code(),
            severity: self.severity(),
            rule: self.rule,
            client: None,
            share: None,
            threshold: None,
            manager: None,
            count: None,
            clients: None,
            last_date: None,
            days_silent: None,
            scope: None,
            group: None,
            reason: None,
            share_before: None,
            hhi: None,
            hhi_before: None,
            monthly_recent: None,
            monthly_before: None,
            cv: None,
            profit: None,
            from: None,
            to: None,
            from_before: None,
            to_before: None,
            condition: None,
            unit: None,
            volume: None,
            tier: None,
            volume_without: None,
            marks: None,
            wallet_share: None,
            potential: None,
            managers: None,
            manager_shares: None,
        };
        self.kind.flat(&mut flat);
        flat
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.flat().serialize(s)
    }
}

/// A finding as one flat JSON object: the fields that apply to its code are set.
/// Documented in docs/report.md, "`findings[]`".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlatFinding {
    /// The finding's code.
    pub code: FindingCode,
    /// `critical`, `warning` or `info`.
    pub severity: Severity,
    /// The rule applied.
    pub rule: Rule,
    /// The client it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// The client's share (of the company, or within a key account's scope).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// For `dependency`: the highest level reached (0.2, 0.3 or 0.4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// For `manager_overload`: the manager.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// For `manager_overload`: key accounts led; for `non_positive_clients`: clients concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Client names concerned (`manager_overload`, `non_positive_clients`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clients: Option<Vec<String>>,
    /// For `lost_key_client`: the last purchase (ISO).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_date: Option<String>,
    /// For `lost_key_client`: days silent up to the as-of date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_silent: Option<u32>,
    /// For `key_account`: the scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// For `key_account` within a department or manager: its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// For `lost_clients_unchecked`: `no_date_column` or `no_dates`; for
    /// `trends_unchecked`: `few_months` or `not_monthly`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For `concentration_rising` (the top client's) and `new_key_account`: the share in the previous window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_before: Option<f64>,
    /// For `concentration_rising`: HHI of the recent window…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hhi: Option<f64>,
    /// …and of the previous one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hhi_before: Option<f64>,
    /// For `slipping_key_client`: the monthly average of the recent months…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_recent: Option<f64>,
    /// …and of the months before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_before: Option<f64>,
    /// For `unstable_key_client`: the coefficient of variation of its monthly sales.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cv: Option<f64>,
    /// For `loss_making_key_client`: its gross profit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profit: Option<f64>,
    /// The recent months (ISO first and last day) of a trend finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// See `from`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The previous window of `concentration_rising` and `new_key_account`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_before: Option<String>,
    /// See `from_before`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_before: Option<String>,
    /// For supplier findings: the condition's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// For supplier findings: `units` or `money`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<SupplierUnit>,
    /// For supplier findings: the monthly volume today.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<f64>,
    /// For supplier findings: the tier per month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<f64>,
    /// For `critical_dependency` by supplier discount: the monthly volume without the client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_without: Option<f64>,
    /// For `key_by_judgment`: the marks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marks: Option<MarkSet>,
    /// For `key_by_judgment`: our annual sales ÷ the client's potential.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet_share: Option<f64>,
    /// For `key_by_judgment`: the client's potential per year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub potential: Option<f64>,
    /// For `key_client_split`: the managers, largest part first…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managers: Option<Vec<String>>,
    /// …and each one's part of the client's sales.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager_shares: Option<Vec<f64>>,
}

impl FlatFinding {
    fn windows(&mut self, w: &Windows) {
        self.from = Some(w.recent.0.to_string());
        self.to = Some(w.recent.1.to_string());
        self.from_before = Some(w.previous.0.to_string());
        self.to_before = Some(w.previous.1.to_string());
    }
}

/// Most severe first; within a severity by code order; within a code by share, largest
/// first (key accounts keep their order: company, departments, managers). Stable.
pub(super) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.severity()
            .cmp(&b.severity())
            .then_with(|| a.code().cmp(&b.code()))
            .then_with(|| {
                if a.code() == FindingCode::KeyAccount {
                    std::cmp::Ordering::Equal
                } else {
                    b.share().unwrap_or(0.0).total_cmp(&a.share().unwrap_or(0.0))
                }
            })
    });
}
