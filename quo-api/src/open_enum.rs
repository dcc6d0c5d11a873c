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
                // A visitor, not a `String`: known values decode without allocating.
                struct Visitor;

                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }

                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<$name, E> {
                        Ok($name::from(value))
                    }

                    fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<$name, E> {
                        Ok(match value.as_str() {
                            $($value => $name::$variant,)*
                            _ => $name::Unknown(value),
                        })
                    }
                }

                deserializer.deserialize_str(Visitor)
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    crate::open_enum! {
        /// A test enum.
        Colour { Red => "red", DarkBlue => "dark-blue", }
    }

    #[test]
    fn known_and_unknown_values_decode_from_text_and_from_values() {
        let from_text: Vec<Colour> =
            serde_json::from_str(r#"["red", "dark-blue", "teal", "te\u0061l"]"#).unwrap();
        let from_value: Vec<Colour> =
            serde_json::from_value(json!(["red", "dark-blue", "teal"])).unwrap();
        let teal = Colour::Unknown("teal".into());
        assert_eq!(
            from_text,
            [Colour::Red, Colour::DarkBlue, teal.clone(), teal.clone()]
        );
        assert_eq!(from_value, [Colour::Red, Colour::DarkBlue, teal]);
    }

    #[test]
    fn values_serialize_as_the_wire_string() {
        let all = [
            Colour::Red,
            Colour::DarkBlue,
            Colour::Unknown("teal".into()),
        ];
        assert_eq!(
            serde_json::to_value(&all).unwrap(),
            json!(["red", "dark-blue", "teal"])
        );
        assert_eq!(Colour::DarkBlue.to_string(), "dark-blue");
        assert!(serde_json::from_value::<Colour>(json!(3)).is_err());
    }
}
