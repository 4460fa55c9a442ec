//! Cell values to typed values: locale money text, dates, client names, key-by-judgment marks.

pub mod amount;
pub mod date;
pub mod labels;
pub(crate) mod marks;
pub(crate) mod memo;
pub mod name;

#[cfg(test)]
mod tests {
    use super::{amount, date, name};

    /// Odd inputs built from the characters the parsers look at must never
    /// panic (a panic kills the wasm instance).
    #[test]
    fn parsers_survive_odd_input() {
        #[rustfmt::skip]
        const ALPHABET: &[&str] = &[
            "1", "0", "9", ".", ",", "-", "−", "—", "(", ")", " ", "\u{a0}", "\u{202f}", "'", "’", "₽", "руб.", "р", "$",
            "usd", "ё", "Ё", "г.", "марта", "Mar", "T", ":", "/", "«", "»", "\"", "ООО", "Ltd.", "Д.", "ß", "İ", "🙂",
            "%", "+", "e",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for _ in 0..20_000 {
            let len = next() % 12;
            let text: String = (0..len).map(|_| ALPHABET[next() % ALPHABET.len()]).collect();
            for style in [
                amount::NumberStyle { decimal_comma: true },
                amount::NumberStyle { decimal_comma: false },
            ] {
                let _ = amount::parse_amount_text(&text, style);
            }
            let _ = amount::infer_number_style([text.as_str()]);
            let _ = date::parse_date_text(&text, date::DateOrder::MonthFirst);
            let _ = date::infer_date_order([text.as_str()]);
            let folded = name::fold_client_name(&text);
            // Folding a key again changes nothing: keys can be stored and re-folded.
            assert_eq!(name::fold_client_name(&folded), folded, "{text:?}");
            let _ = name::skeleton(&text);
        }
    }
}
