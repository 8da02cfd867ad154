//! Small inline SVG charts (no JavaScript): counts per month → a bar chart with an accessible
//! name and a `<title>` per bar.

use crate::markdown::escape_html;
use crate::model::{push_decimal, push_signed};

/// One bar per month from the first to the last month in `months` (`YYYY-MM` values, one per
/// event; empty months get an empty bar). Empty input gives an empty string.
pub fn monthly_bars(months: &[String], label: &str) -> String {
    let mut counts: std::collections::BTreeMap<(i32, u32), usize> =
        std::collections::BTreeMap::new();
    for m in months {
        if let Some((y, mo)) = m
            .split_once('-')
            .and_then(|(y, mo)| Some((y.parse().ok()?, mo.parse().ok()?)))
        {
            *counts.entry((y, mo)).or_insert(0) += 1;
        }
    }
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return String::new();
    };
    let mut series = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        series.push(((y, m), counts.get(&(y, m)).copied().unwrap_or(0)));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    let max = series.iter().map(|s| s.1).max().unwrap_or(1).max(1);
    let bar = 8;
    let gap = 2;
    let height = 40;
    let width = series.len() * (bar + gap);
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" preserveAspectRatio=\"none\"><title>{}</title>",
        escape_html(label),
        escape_html(label)
    );
    svg.reserve(series.len() * 160);
    // Appended piece by piece: an issue discussed over twenty years has 240 bars.
    let push_month = |svg: &mut String, yy: i32, mm: u32| {
        push_signed(svg, i64::from(yy), 4);
        svg.push('-');
        push_decimal(svg, u64::from(mm), 2);
    };
    let number = |svg: &mut String, n: usize| push_decimal(svg, n as u64, 1);
    for (k, ((yy, mm), n)) in series.iter().enumerate() {
        let h = if *n == 0 {
            0
        } else {
            (n * (height - 2) / max).max(2)
        };
        svg.push_str("<rect class=\"bar\" data-month=\"");
        push_month(&mut svg, *yy, *mm);
        svg.push_str("\" data-count=\"");
        number(&mut svg, *n);
        svg.push_str("\" x=\"");
        number(&mut svg, k * (bar + gap));
        svg.push_str("\" y=\"");
        number(&mut svg, height - h);
        svg.push_str("\" width=\"");
        number(&mut svg, bar);
        svg.push_str("\" height=\"");
        number(&mut svg, h);
        svg.push_str("\"><title>");
        push_month(&mut svg, *yy, *mm);
        svg.push_str(": ");
        number(&mut svg, *n);
        svg.push_str("</title></rect>");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_one_bar_per_month_including_empty_ones() {
        let months: Vec<String> = ["2023-11", "2024-01", "2024-01"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let svg = monthly_bars(&months, "x");
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("data-month=\"2023-12\" data-count=\"0\""));
        assert!(svg.contains(
            "data-month=\"2024-01\" data-count=\"2\" x=\"20\" y=\"2\" width=\"8\" height=\"38\""
        ));
        assert!(monthly_bars(&[], "x").is_empty());
    }
}
