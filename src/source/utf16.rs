//! UTF-16 minutes: Windows editors (Notepad's "Unicode", PowerShell's `>`) save text as UTF-16
//! with a byte-order mark. Such a file is decoded, not called binary; UTF-16 without the mark
//! cannot be told from binary for sure, so it is refused with a message that says how to save
//! it instead.

/// What the first bytes of a file say about its encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marked {
    /// UTF-16 with a byte-order mark, little-endian (FF FE) or big-endian (FE FF).
    Utf16 { little_endian: bool },
    /// UTF-32 with a byte-order mark: not read.
    Utf32,
    /// No UTF-16 or UTF-32 mark (UTF-8's own is dropped later, with the text).
    None,
}

pub fn marked(bytes: &[u8]) -> Marked {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Marked::Utf32,
        [0xFF, 0xFE, ..] => Marked::Utf16 {
            little_endian: true,
        },
        [0xFE, 0xFF, ..] => Marked::Utf16 {
            little_endian: false,
        },
        _ => Marked::None,
    }
}

/// Decodes UTF-16 after its byte-order mark. Unpaired surrogates become U+FFFD; the byte
/// offset of the first (or of a dangling last byte) is returned to be reported.
pub fn decode(bytes: &[u8], little_endian: bool) -> (String, Option<usize>) {
    let body = bytes.get(2..).unwrap_or_default();
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        match little_endian {
            true => u16::from_le_bytes(pair),
            false => u16::from_be_bytes(pair),
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    let mut first_bad = None;
    let mut offset = 2;
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(c) => {
                text.push(c);
                offset += 2 * c.len_utf16();
            }
            Err(_) => {
                first_bad.get_or_insert(offset);
                text.push(char::REPLACEMENT_CHARACTER);
                offset += 2;
            }
        }
    }
    if body.len() % 2 == 1 {
        first_bad.get_or_insert(bytes.len() - 1);
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (text, first_bad)
}

/// Whether NUL-holding `bytes` look like UTF-16 text without a mark: in the first kilobyte,
/// most characters are ASCII with a NUL byte beside each, all on the same side.
pub fn looks_unmarked(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024) & !1];
    let pairs = head.len() / 2;
    if pairs < 4 {
        return false;
    }
    let ascii_with_nul = |high_first: bool| {
        head.chunks_exact(2)
            .filter(|p| {
                let (hi, lo) = if high_first {
                    (p[0], p[1])
                } else {
                    (p[1], p[0])
                };
                hi == 0 && lo != 0 && lo.is_ascii()
            })
            .count()
    };
    let most = |n: usize| n * 10 >= pairs * 9;
    most(ascii_with_nul(false)) || most(ascii_with_nul(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        let mut bytes = match little_endian {
            true => vec![0xFF, 0xFE],
            false => vec![0xFE, 0xFF],
        };
        for unit in text.encode_utf16() {
            bytes.extend(match little_endian {
                true => unit.to_le_bytes(),
                false => unit.to_be_bytes(),
            });
        }
        bytes
    }

    #[test]
    fn both_byte_orders_decode_with_characters_outside_the_basic_plane() {
        let text = "# Réunion 2024-01-01\r\n\r\n* Threat model 🔒 #12\r\n";
        for little_endian in [true, false] {
            let bytes = utf16(text, little_endian);
            assert_eq!(marked(&bytes), Marked::Utf16 { little_endian });
            assert_eq!(decode(&bytes, little_endian), (text.to_string(), None));
        }
    }

    #[test]
    fn broken_utf16_is_decoded_with_replacement_characters_and_the_first_offset() {
        // A lone high surrogate at byte 4, and a dangling last byte.
        let bytes = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0, b'c'];
        let (text, bad) = decode(&bytes, true);
        assert_eq!(text, "a\u{FFFD}b\u{FFFD}");
        assert_eq!(bad, Some(4));
    }

    #[test]
    fn utf32_and_unmarked_utf16_are_told_apart_from_binary() {
        assert_eq!(marked(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]), Marked::Utf32);
        assert_eq!(marked(b"# Title"), Marked::None);
        let unmarked: Vec<u8> = utf16("# Meeting 2024-01-01\n", true).split_off(2);
        assert!(looks_unmarked(&unmarked));
        let big: Vec<u8> = utf16("# Meeting 2024-01-01\n", false).split_off(2);
        assert!(looks_unmarked(&big));
        assert!(!looks_unmarked(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0"));
    }
}
