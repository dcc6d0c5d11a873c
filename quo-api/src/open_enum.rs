//! Enums read from responses that accept values the spec does not list.

/// Declares an enum of known string values plus `Unknown(String)`.
///
/// Used by the generated code for every enum the client reads, so that a
/// new value from Quo (a new role, a new call status) never fails a whole
/// response. Serializes and deserializes as the plain string.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $value:literal,)* }) => {
        $(#[$meta])*
        ///
        /// Values this client does not know arrive as `Unknown`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                #[doc = concat!("`", $value, "`")]
                $variant,
            )*
            /// A value the spec this client was generated from does not list.
            Unknown(::std::string::String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::string::String {
                stringify!($name).to_owned()
            }

            fn json_schema(generator: &mut $crate::runtime::SchemaGenerator) -> $crate::runtime::Schema {
                <::std::string::String as ::schemars::JsonSchema>::json_schema(generator)
            }
        }
    };
}
