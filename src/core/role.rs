//! What a column means for the analysis: the vocabulary of detection, caller
//! overrides, notes and lines.

use crate::core::codes::codes;

codes! {
    /// What a column means for the analysis.
    pub enum Role {
        /// The client (customer, counterparty).
        Client = "client",
        /// The sale's amount.
        Amount = "amount",
        /// The sale's date.
        Date = "date",
        /// The manager leading the client.
        Manager = "manager",
        /// The department (branch, division).
        Department = "department",
        /// The product sold.
        Product = "product",
        /// The quantity sold.
        Quantity = "quantity",
        /// Order/document status ("Статус", "Status"): cancelled rows are left out.
        Status = "status",
        /// Tax ID or client code (ИНН, "Код контрагента", "Customer ID"): groups name variants.
        ClientId = "client_id",
        /// Parent company (Головной контрагент, Parent, Holding): groups subsidiaries.
        Parent = "parent",
        /// Gross profit of the sale (Валовая прибыль, Маржа, Profit): the `profit` measure.
        Profit = "profit",
        /// Cost of the goods sold (Себестоимость, COGS): profit = amount − cost when there is no profit column.
        Cost = "cost",
        /// The client's estimated purchases per year from all suppliers (Потенциал, Wallet size): per client the largest.
        Potential = "potential",
        /// Words naming why a client is key by judgment (Признак ключевого, Метки, Tags): `референтный, партнёр`.
        Marks = "marks",
        // One yes/no column per kind: a header naming the kind, "да"/"yes"/"1"/"✓" in its cells.
        /// A yes/no column «Референтный», "Reference": the client is a famous name others follow.
        MarkReference = "mark_reference",
        /// A yes/no column «Инноватор», "Innovator": the client tries new things first.
        MarkInnovator = "mark_innovator",
        /// A yes/no column «Партнёр», "Partner": the client shares its strategic plans.
        MarkPartner = "mark_partner",
        /// A yes/no column «Требовательный», "Demanding": the client demands quality.
        MarkDemanding = "mark_demanding",
    }
}
