//! Stable snake_case codes as Rust enums: one declaration gives the enum, its
//! code text, the list of every code and its serialization, so no code list
//! is ever kept by hand next to the type it describes.

/// Declares a fieldless enum whose variants each carry a stable code:
///
/// ```ignore
/// codes! {
///     /// What a column means.
///     pub enum Role {
///         /// The client's name.
///         Client = "client",
///     }
/// }
/// ```
///
/// gives `Role::ALL` (declaration order), `Role::as_str`, `Role::from_code`,
/// `Display` and `Serialize` (as the code text), and comparison with `&str`.
macro_rules! codes {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// The stable code.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $code, )*
                }
            }

            /// The value with this code, if any.
            pub fn from_code(code: &str) -> Option<$name> {
                match code {
                    $( $code => Some($name::$variant), )*
                    _ => None,
                }
            }

            /// Every code, in declaration order.
            pub fn codes() -> Vec<&'static str> {
                $name::ALL.iter().map(|c| c.as_str()).collect()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.as_str()
            }
        }
    };
}

pub(crate) use codes;
