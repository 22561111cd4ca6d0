//! Reads fields of the flat one-line JSON objects that the project's own tools print (the CLI's
//! and the Node scripts' result lines). Not a general JSON parser: no nesting, no string escapes.

/// The value of `key` as written: a string without its quotes, an array with its brackets,
/// or a number or literal.
pub fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let quoted_key = format!("\"{key}\"");
    let after_key = &line[line.find(&quoted_key)? + quoted_key.len()..];
    let value = after_key.trim_start().strip_prefix(':')?.trim_start();
    if let Some(string) = value.strip_prefix('"') {
        return Some(&string[..string.find('"')?]);
    }
    if value.starts_with('[') {
        return Some(&value[..=value.find(']')?]);
    }
    let end = value.find([',', '}']).unwrap_or(value.len());
    Some(value[..end].trim())
}

/// A number field as f64.
pub fn number(line: &str, key: &str) -> Option<f64> {
    field(line, key)?.parse().ok()
}

/// An array of numbers, each rounded to f32 and kept as its bits; `null` (how JSON writes NaN) is None.
/// Rust prints an f32 in its shortest form and JavaScript prints the same value widened to f64;
/// both parse back to the same f32, so bits compare exactly across the two.
pub fn f32_bits_array(array: &str) -> Option<Vec<Option<u32>>> {
    let inner = array.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return Some(Vec::new());
    }
    inner
        .split(',')
        .map(|item| match item.trim() {
            "null" => Some(None),
            number => number
                .parse::<f32>()
                .ok()
                .map(|value| Some(value.to_bits())),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_strings_numbers_and_arrays() {
        let line = r#"{"cell":"gru", "hidden": 128,"chars_per_sec":1.5e4,"losses":[3.87, null]}"#;
        assert_eq!(field(line, "cell"), Some("gru"));
        assert_eq!(number(line, "hidden"), Some(128.0));
        assert_eq!(number(line, "chars_per_sec"), Some(15000.0));
        assert_eq!(field(line, "losses"), Some("[3.87, null]"));
        assert_eq!(field(line, "missing"), None);
    }

    #[test]
    fn rust_f32_and_javascript_f64_text_give_the_same_bits() {
        // 3.87f32 is 3.8699998855590820 exactly; JSON.stringify prints the widened f64 in full
        let native = f32_bits_array("[3.87,null]").unwrap();
        let wasm = f32_bits_array("[3.869999885559082,null]").unwrap();
        assert_eq!(native, wasm);
        assert_eq!(native[0], Some(3.87f32.to_bits()));
        assert_eq!(f32_bits_array("[]"), Some(Vec::new()));
        assert_eq!(f32_bits_array("[1,x]"), None);
    }
}
