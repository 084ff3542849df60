//! Go's `fmt` formatting, the parts layerlab prints with.

use super::strconv;

/// `fmt.Sprintf("%q", items)` of a `[]string`: `["a" "b"]`.
pub fn quote_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| strconv::quote(s.as_ref())).collect();
    format!("[{}]", quoted.join(" "))
}
