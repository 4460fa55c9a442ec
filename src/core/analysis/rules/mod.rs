//! The method's rules, one family per file. Each is a pure function of the
//! shares, the scopes and the thresholds, returning its findings.

pub(super) mod dependency;
pub(super) mod key_accounts;
pub(super) mod load;
pub(super) mod lost;
pub(super) mod practice;
pub(super) mod trends;
