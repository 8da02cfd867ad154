//! The keys a `#[derive(Deserialize)]` struct accepts, read from serde itself: a deserializer
//! that records the field list serde hands to `deserialize_struct` and goes no further. The
//! docs test of `site.toml` compares them with the keys the user guide documents.

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// The field names `T` deserializes (its `#[serde(rename)]`s applied), or none when `T` is not
/// a struct.
pub fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut recorder = Recorder(&[]);
    let _ = T::deserialize(&mut recorder);
    recorder.0
}

struct Recorder(&'static [&'static str]);

impl<'de> Deserializer<'de> for &mut Recorder {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(de::Error::custom("fields recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Example {
        first: u8,
        #[serde(rename = "second-key")]
        second: Option<String>,
    }

    #[test]
    fn records_a_structs_keys_and_nothing_for_other_types() {
        assert_eq!(fields_of::<Example>(), ["first", "second-key"]);
        assert!(fields_of::<String>().is_empty());
    }
}
