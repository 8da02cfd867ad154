//! Small inline SVG charts (no JavaScript) of counts per month: a bare sparkline for cards, and
//! an activity chart with axes (counts on the left, years or months below) for a person's or
//! an initiative's own page. Both are named with a one-sentence summary of what they show (the
//! months covered, the total, the busiest month), which is what a screen reader reads, and
//! give each bar a `<title>`.

use crate::markdown::escape_html;
use crate::model::{push_decimal, push_signed, Date};

/// Counts per month from the first to the last month of `months` (`YYYY-MM` values, one per
/// event), empty months included; empty when there is none.
fn series(months: &[String]) -> Vec<((i32, u32), usize)> {
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
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        out.push(((y, m), counts.get(&(y, m)).copied().unwrap_or(0)));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// `March 2025`.
fn month_name((y, m): (i32, u32)) -> String {
    Date::new(y, m, 1).map_or_else(|| format!("{y}-{m:02}"), super::views::month_label)
}

/// `LABEL, January 2024 to June 2025: 23 in all, most in March 2025 (4).` (one month: `LABEL,
/// March 2025: 4.`)
fn summary(series: &[((i32, u32), usize)], label: &str) -> String {
    let (Some(first), Some(last)) = (series.first(), series.last()) else {
        return label.to_string();
    };
    let total: usize = series.iter().map(|s| s.1).sum();
    if series.len() == 1 {
        return format!("{label}, {}: {total}.", month_name(first.0));
    }
    // The first of the busiest months.
    let busiest = series
        .iter()
        .fold(first, |best, s| if s.1 > best.1 { s } else { best });
    format!(
        "{label}, {} to {}: {total} in all, most in {} ({}).",
        month_name(first.0),
        month_name(last.0),
        month_name(busiest.0),
        busiest.1
    )
}

fn push_month(svg: &mut String, (y, m): (i32, u32)) {
    push_signed(svg, i64::from(y), 4);
    svg.push('-');
    push_decimal(svg, u64::from(m), 2);
}

fn push_number(svg: &mut String, n: usize) {
    push_decimal(svg, n as u64, 1);
}

/// A percentage with three decimals (`12.345%`), for positions across a chart of any width.
fn push_percent(svg: &mut String, thousandths: usize) {
    push_number(svg, thousandths / 1000);
    let frac = thousandths % 1000;
    if frac != 0 {
        svg.push('.');
        push_decimal(svg, frac as u64, 3);
    }
    svg.push('%');
}

/// One bar per month, scaled to its own box (`preserveAspectRatio="none"`): a sparkline
/// without axes or text. Empty input gives an empty string.
pub fn monthly_bars(months: &[String], label: &str) -> String {
    let series = series(months);
    if series.is_empty() {
        return String::new();
    }
    let name = escape_html(&summary(&series, label));
    let max = series.iter().map(|s| s.1).max().unwrap_or(1).max(1);
    let bar = 8;
    let gap = 2;
    let height = 40;
    let width = series.len() * (bar + gap);
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"{name}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" preserveAspectRatio=\"none\"><title>{name}</title>",
    );
    svg.reserve(series.len() * 160);
    // Appended piece by piece: an issue discussed over twenty years has 240 bars.
    for (k, (month, n)) in series.iter().enumerate() {
        let h = if *n == 0 {
            0
        } else {
            (n * (height - 2) / max).max(2)
        };
        svg.push_str("<rect class=\"bar\" data-month=\"");
        push_month(&mut svg, *month);
        svg.push_str("\" data-count=\"");
        push_number(&mut svg, *n);
        svg.push_str("\" x=\"");
        push_number(&mut svg, k * (bar + gap));
        svg.push_str("\" y=\"");
        push_number(&mut svg, height - h);
        svg.push_str("\" width=\"");
        push_number(&mut svg, bar);
        svg.push_str("\" height=\"");
        push_number(&mut svg, h);
        svg.push_str("\"><title>");
        push_month(&mut svg, *month);
        svg.push_str(": ");
        push_number(&mut svg, *n);
        svg.push_str("</title></rect>");
    }
    svg.push_str("</svg>");
    svg
}

/// Layout of [`activity_chart`], in CSS pixels down and thousandths of a percent across: the
/// chart has no `viewBox`, so its text keeps its size at any width while bars and ticks are
/// placed in percentages of the width.
mod layout {
    /// Above the plot: room for the top count's label.
    pub const TOP: usize = 14;
    pub const PLOT: usize = 90;
    /// The baseline's y; the time axis's labels hang below it.
    pub const BASE: usize = TOP + PLOT;
    pub const HEIGHT: usize = BASE + 22;
    /// Where the plot starts across (7%): the counts are written right-aligned before it.
    pub const LEFT: usize = 7_000;
    pub const WIDE: usize = 100_000 - LEFT;
    /// At most this many labels on the time axis, so that they fit a phone's width.
    pub const MAX_LABELS: usize = 8;
    /// Labels starting past this point would run off the right edge.
    pub const LAST_LABEL: usize = 90_000;
}

/// The months of `series` that get a label on the time axis, with their label: every
/// (second, third…) January as its year on a chart of more than a year and a half; else every
/// (second…) month by its short name, with the year on the first and on a January.
fn time_labels(series: &[((i32, u32), usize)]) -> Vec<(usize, String)> {
    const SHORT: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let short = |m: u32| SHORT.get(m as usize - 1).copied().unwrap_or("?");
    if series.len() > 18 {
        let januaries: Vec<(usize, i32)> = series
            .iter()
            .enumerate()
            .filter(|(_, ((_, m), _))| *m == 1)
            .map(|(k, ((y, _), _))| (k, *y))
            .collect();
        let step = januaries.len().div_ceil(layout::MAX_LABELS).max(1);
        januaries
            .into_iter()
            .step_by(step)
            .map(|(k, y)| (k, y.to_string()))
            .collect()
    } else {
        let step = series.len().div_ceil(layout::MAX_LABELS - 2).max(1);
        series
            .iter()
            .enumerate()
            .step_by(step)
            .map(|(k, ((y, m), _))| match k == 0 || *m == 1 {
                true => (k, format!("{} {y}", short(*m))),
                false => (k, short(*m).to_string()),
            })
            .collect()
    }
}

/// The activity chart of a person's or an initiative's page: a bar per month, the counts on
/// the left (0, the top and, from 4, the middle, each with a grid line) and a time axis below
/// with ticks. Empty input gives an empty string.
pub fn activity_chart(months: &[String], label: &str) -> String {
    use layout::*;
    let series = series(months);
    if series.is_empty() {
        return String::new();
    }
    let name = escape_html(&summary(&series, label));
    let max = series.iter().map(|s| s.1).max().unwrap_or(1).max(1);
    let n = series.len();
    let slot = WIDE / n;
    let mut svg = String::with_capacity(600 + n * 140);
    svg.push_str("<svg class=\"chart chart-axes\" role=\"img\" aria-label=\"");
    svg.push_str(&name);
    svg.push_str("\" width=\"100%\" height=\"");
    push_number(&mut svg, HEIGHT);
    svg.push_str("\"><title>");
    svg.push_str(&name);
    svg.push_str("</title>");
    // Counts: grid lines with their value before the plot.
    let y_of = |count: usize| BASE - count * PLOT / max;
    let mut levels = vec![0, max];
    if max >= 4 {
        levels.insert(1, max / 2);
    }
    for count in levels {
        let y = y_of(count);
        svg.push_str(match count {
            0 => "<line class=\"baseline\" x1=\"",
            _ => "<line class=\"grid\" x1=\"",
        });
        push_percent(&mut svg, LEFT);
        svg.push_str("\" x2=\"100%\" y1=\"");
        push_number(&mut svg, y);
        svg.push_str("\" y2=\"");
        push_number(&mut svg, y);
        svg.push_str("\"/><text class=\"axis\" text-anchor=\"end\" x=\"");
        push_percent(&mut svg, LEFT - 1_000);
        svg.push_str("\" y=\"");
        push_number(&mut svg, y + 4);
        svg.push_str("\">");
        push_number(&mut svg, count);
        svg.push_str("</text>");
    }
    // Bars: four fifths of each month's slot.
    for (k, (month, count)) in series.iter().enumerate() {
        let h = match *count {
            0 => 0,
            c => (c * PLOT / max).max(2),
        };
        svg.push_str("<rect class=\"bar\" data-month=\"");
        push_month(&mut svg, *month);
        svg.push_str("\" data-count=\"");
        push_number(&mut svg, *count);
        svg.push_str("\" x=\"");
        push_percent(&mut svg, LEFT + k * slot + slot / 10);
        svg.push_str("\" y=\"");
        push_number(&mut svg, BASE - h);
        svg.push_str("\" width=\"");
        push_percent(&mut svg, (slot * 8 / 10).max(1));
        svg.push_str("\" height=\"");
        push_number(&mut svg, h);
        svg.push_str("\"><title>");
        svg.push_str(&month_name(*month));
        svg.push_str(": ");
        push_number(&mut svg, *count);
        svg.push_str("</title></rect>");
    }
    // Time: a tick at the start of each labelled month, the label after it.
    for (k, text) in time_labels(&series) {
        let x = LEFT + k * slot;
        svg.push_str("<line class=\"tick\" x1=\"");
        push_percent(&mut svg, x);
        svg.push_str("\" x2=\"");
        push_percent(&mut svg, x);
        svg.push_str("\" y1=\"");
        push_number(&mut svg, BASE);
        svg.push_str("\" y2=\"");
        push_number(&mut svg, BASE + 5);
        svg.push_str("\"/>");
        if x <= LAST_LABEL {
            svg.push_str("<text class=\"axis\" x=\"");
            push_percent(&mut svg, x);
            svg.push_str("\" y=\"");
            push_number(&mut svg, BASE + 17);
            svg.push_str("\">");
            svg.push_str(&escape_html(&text));
            svg.push_str("</text>");
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn draws_one_bar_per_month_including_empty_ones() {
        let svg = monthly_bars(&months(&["2023-11", "2024-01", "2024-01"]), "x");
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("data-month=\"2023-12\" data-count=\"0\""));
        assert!(svg.contains(
            "data-month=\"2024-01\" data-count=\"2\" x=\"20\" y=\"2\" width=\"8\" height=\"38\""
        ));
        assert!(monthly_bars(&[], "x").is_empty());
    }

    #[test]
    fn charts_are_named_by_a_summary_of_what_they_show() {
        let svg = monthly_bars(
            &months(&["2023-11", "2024-01", "2024-01", "2024-03"]),
            "Meetings attended per month",
        );
        let name = "Meetings attended per month, November 2023 to March 2024: 4 in all, \
                    most in January 2024 (2).";
        assert!(svg.contains(&format!("aria-label=\"{name}\"")), "{svg}");
        assert!(svg.contains(&format!("<title>{name}</title>")), "{svg}");
        let one = activity_chart(&months(&["2024-05"]), "Mentions");
        assert!(
            one.contains("aria-label=\"Mentions, May 2024: 1.\""),
            "{one}"
        );
    }

    #[test]
    fn the_activity_chart_has_a_count_axis_and_a_time_axis_of_years() {
        // Three and a half years, the busiest month with 6.
        let mut list = vec!["2021-07"; 1];
        list.extend(["2023-02"; 6]);
        list.push("2024-12");
        let svg = activity_chart(&months(&list), "Mentions");
        // 42 months from July 2021 to December 2024.
        assert_eq!(svg.matches("<rect").count(), 42);
        // Counts 0, 3 and 6 before the plot, each with its line.
        let counts: Vec<&str> = svg
            .split("<text class=\"axis\" text-anchor=\"end\" x=\"6%\" y=\"")
            .skip(1)
            .map(|t| &t[t.find('>').map_or(0, |i| i + 1)..t.find('<').unwrap_or(0)])
            .collect();
        assert_eq!(counts, ["0", "3", "6"], "{svg}");
        assert_eq!(svg.matches("class=\"grid\"").count(), 2);
        assert_eq!(svg.matches("class=\"baseline\"").count(), 1);
        // Years at their Januaries: 2022 is the 7th month of the chart.
        let labels: Vec<&str> = svg
            .split("<text class=\"axis\" x=\"")
            .skip(1)
            .map(|t| &t[t.find('>').map_or(0, |i| i + 1)..t.find('<').unwrap_or(0)])
            .collect();
        assert_eq!(labels, ["2022", "2023", "2024"], "{svg}");
        let slot = layout::WIDE / 42;
        let mut x = String::new();
        push_percent(&mut x, layout::LEFT + 6 * slot);
        assert!(
            svg.contains(&format!("<text class=\"axis\" x=\"{x}\"")),
            "{x}: {svg}"
        );
        // Every bar names its month and count.
        assert!(svg.contains("<title>February 2023: 6</title>"), "{svg}");
        assert!(svg.contains("<title>March 2023: 0</title>"), "{svg}");
    }

    #[test]
    fn long_charts_label_fewer_years_and_short_ones_label_months() {
        // Twenty years: every third January, no more than eight labels.
        let long = series(&months(&["2001-01", "2020-12"]));
        let labels: Vec<String> = time_labels(&long).into_iter().map(|l| l.1).collect();
        assert_eq!(
            labels,
            ["2001", "2004", "2007", "2010", "2013", "2016", "2019"]
        );
        // Six months: each month, the first with its year.
        let short = series(&months(&["2024-11", "2025-04"]));
        let labels: Vec<String> = time_labels(&short).into_iter().map(|l| l.1).collect();
        assert_eq!(labels, ["Nov 2024", "Dec", "Jan 2025", "Feb", "Mar", "Apr"]);
    }

    #[test]
    fn percentages_keep_three_decimals() {
        let mut s = String::new();
        push_percent(&mut s, 7_000);
        push_percent(&mut s, 12_345);
        push_percent(&mut s, 5);
        assert_eq!(s, "7%12.345%0.005%");
    }
}
