//! Docker 29's `docker images` view (docker/cli v29.7.2 `cli/command/image/tree.go`): one
//! row per tag (IMAGE, ID, DISK USAGE, CONTENT SIZE, EXTRA), sorted by name with untagged
//! images last; with `--tree`, an image's tags and then its platforms. On a terminal: a
//! legend right-aligned to the terminal's width, colours, and the `U` chip; elsewhere plain
//! text, padded cells and no legend.

use crate::digest::Digest;
use crate::format::human_size;

/// What a row shows of an image or of one of its platforms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    /// The view shows its first 12 hex digits.
    pub id: Digest,
    pub disk_usage: u64,
    pub content_size: u64,
    /// A container (running or not) uses it.
    pub in_use: bool,
}

/// One of an image's platform manifests (`--tree`), in the index's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platform {
    /// `linux/arm64/v8` (containerd's `platforms.Format`).
    pub name: String,
    /// Its content is in the store (a platform that was not pulled is shown faint).
    pub available: bool,
    pub details: Details,
}

/// An image as the daemon lists it: its tags (familiar, `alpine:latest`), its details and
/// its platforms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub tags: Vec<String>,
    pub details: Details,
    pub platforms: Vec<Platform>,
}

/// How the output is shown: on a terminal of `width` columns (0: not a terminal).
#[derive(Clone, Copy, Debug)]
pub struct Screen {
    pub terminal: bool,
    pub width: u16,
}

const SPACING: usize = 3;
const UNTAGGED: &str = "<untagged>";

// aec's codes as docker/cli's internal/tui combines them.
const RESET: &str = "\x1b[0m";
const TITLE: &str = "\x1b[39m\x1b[1m";
const TOP_NAME: &str = "\x1b[34m\x1b[1m";
const NORMAL: &str = "\x1b[39m";
const FAINT: &str = "\x1b[39m\x1b[2m";
const CHIP_IN_USE: &str = "\x1b[38;5;0m\x1b[48;5;14m U \x1b[0m";
const INFO_HEADER: &str = super::note::INFO_HEADER_TTY;

/// A row to print: a top image (its names) or, below it, a platform.
struct Top<'a> {
    names: Vec<&'a str>,
    details: &'a Details,
    children: &'a [Platform],
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

struct Column {
    title: &'static str,
    width: usize,
    align: Align,
}

/// What a terminal shows of `s`: its colour escapes (`ESC ... m`) left out, as
/// `tui.cleanANSI` does.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut escape = false;
    for c in s.chars() {
        match c {
            '\x1b' => escape = true,
            'm' if escape => escape = false,
            _ if escape => {}
            _ => out.push(c),
        }
    }
    out
}

/// What `tui.Width` counts: the characters shown.
fn shown_width(s: &str) -> usize {
    plain(s).chars().count()
}

struct Painter {
    color: bool,
}

impl Painter {
    fn apply(&self, color: &str, s: &str) -> String {
        if self.color && !color.is_empty() {
            format!("{color}{s}{RESET}")
        } else {
            s.to_string()
        }
    }

    /// A cell: `s` in `color`, padded to the column (never cut: the columns fit).
    fn cell(&self, col: &Column, color: &str, s: &str) -> String {
        let fill = " ".repeat(col.width.saturating_sub(shown_width(s)));
        match col.align {
            Align::Left => format!("{}{fill}", self.apply(color, s)),
            Align::Right => format!("{fill}{}", self.apply(color, s)),
        }
    }
}

/// The view of `images`, listed in the daemon's order; `expanded` is `--tree`. Returns the
/// text and how many rows it lists (docker/cli's count for its hint).
pub fn render(images: &[Listed], expanded: bool, screen: Screen) -> (String, usize) {
    let mut tops: Vec<Top> = Vec::new();
    let mut spacing = false;
    for img in images {
        let mut names: Vec<&str> = img.tags.iter().map(String::as_str).collect();
        names.sort();
        let children: &[Platform] = if expanded { &img.platforms } else { &[] };
        spacing |= !children.is_empty();
        if expanded || names.is_empty() {
            tops.push(Top {
                names,
                details: &img.details,
                children,
            });
            continue;
        }
        for n in names {
            tops.push(Top {
                names: vec![n],
                details: &img.details,
                children,
            });
        }
    }
    // Untagged last; otherwise by the first name (a stable sort keeps the daemon's order).
    tops.sort_by(|a, b| match (a.names.first(), b.names.first()) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    (print(&tops, spacing, screen), tops.len())
}

fn print(tops: &[Top], spacing: bool, screen: Screen) -> String {
    let p = Painter {
        color: screen.terminal,
    };
    let mut width = if screen.terminal {
        screen.width as usize
    } else {
        0
    };
    if screen.terminal && width < 20 {
        width = 20;
    }
    let mut out = String::new();
    if width != 0 {
        // The legend, right-aligned to the terminal: ` U ` is 3 columns, the rest 17.
        let legend = format!("{INFO_HEADER} {CHIP_IN_USE} In Use");
        out.push_str(&" ".repeat(width.saturating_sub(shown_width(&legend))));
        out.push_str(&legend);
        out.push('\n');
    }
    let any_in_use = tops
        .iter()
        .any(|t| t.details.in_use || t.children.iter().any(|c| c.details.in_use));
    let chip = if p.color { CHIP_IN_USE } else { "U" };
    let placeholder = if p.color { "   " } else { " " };
    let extra_width = if any_in_use {
        shown_width(chip).max(5)
    } else {
        5
    };
    let mut columns = vec![
        Column {
            title: "IMAGE",
            width: 0,
            align: Align::Left,
        },
        Column {
            title: "ID",
            width: 12,
            align: Align::Left,
        },
        Column {
            title: "DISK USAGE",
            width: 10,
            align: Align::Right,
        },
        Column {
            title: "CONTENT SIZE",
            width: 12,
            align: Align::Right,
        },
        Column {
            title: "EXTRA",
            width: extra_width,
            align: Align::Left,
        },
    ];
    // adjustColumns: narrow terminals lose columns from the right before the name column
    // falls under 12; the name column is as narrow as its widest name.
    let mut name_width = width;
    if name_width > 0 {
        for idx in 1..columns.len() {
            let d = columns[idx].width + SPACING;
            if name_width < d + 12 {
                columns.truncate(idx);
                break;
            }
            name_width -= d;
        }
    }
    let widest = tops
        .iter()
        .flat_map(|t| {
            let names = if t.names.is_empty() {
                vec![UNTAGGED.len()]
            } else {
                t.names.iter().map(|n| n.len()).collect()
            };
            // `└─ ` is 7 bytes: Go measures bytes here.
            names
                .into_iter()
                .chain(t.children.iter().map(|c| c.name.len() + "└─ ".len()))
        })
        .fold("Image".len(), usize::max);
    if width == 0 || name_width > widest {
        name_width = widest;
    }
    columns[0].width = name_width;

    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            out.push_str(&" ".repeat(SPACING));
        }
        out.push_str(&p.cell(c, TITLE, c.title));
    }
    out.push('\n');
    let details = |out: &mut String, color: &str, d: &Details| {
        for c in &columns[1..] {
            out.push_str(&" ".repeat(SPACING));
            let (value, color) = match c.title {
                "ID" => (d.id.short(), color),
                "DISK USAGE" => (human_size(d.disk_usage), color),
                "CONTENT SIZE" => (human_size(d.content_size), color),
                _ => {
                    let v = if !any_in_use {
                        String::new()
                    } else if d.in_use {
                        chip.to_string()
                    } else {
                        placeholder.to_string()
                    };
                    (v, "")
                }
            };
            out.push_str(&p.cell(c, color, &value));
        }
    };
    for top in tops {
        if top.names.is_empty() {
            out.push_str(&p.cell(&columns[0], FAINT, UNTAGGED));
        }
        for (i, name) in top.names.iter().enumerate() {
            let last = i + 1 == top.names.len();
            let multiline = shown_width(name) > columns[0].width;
            out.push_str(&p.cell(&columns[0], TOP_NAME, name));
            if !last || multiline {
                out.push('\n');
            }
            if multiline && last {
                out.push_str(&" ".repeat(columns[0].width));
            }
        }
        details(&mut out, NORMAL, top.details);
        if !top.children.is_empty() || spacing {
            out.push('\n');
        }
        for (i, sub) in top.children.iter().enumerate() {
            let color = if sub.available { NORMAL } else { FAINT };
            let branch = if i + 1 == top.children.len() {
                "└─ "
            } else {
                "├─ "
            };
            out.push_str(&p.cell(&columns[0], color, &format!("{branch}{}", sub.name)));
            details(&mut out, color, &sub.details);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A digest whose hex is `id` repeated to 64 digits.
    fn digest(id: &str) -> Digest {
        let hex: String = id.chars().cycle().take(64).collect();
        Digest::parse(&format!("sha256:{hex}")).unwrap()
    }

    fn listed(tags: &[&str], id: &str, disk: u64, content: u64, in_use: bool) -> Listed {
        Listed {
            tags: tags.iter().map(|t| t.to_string()).collect(),
            details: Details {
                id: digest(id),
                disk_usage: disk,
                content_size: content,
                in_use,
            },
            platforms: Vec::new(),
        }
    }

    const PLAIN: Screen = Screen {
        terminal: false,
        width: 0,
    };

    /// docker/cli v29.7.2 `cli/command/image/testdata/list-command-filter-dangling.all-flag.golden`.
    #[test]
    fn the_collapsed_view_pads_every_cell_and_lists_untagged_images_last() {
        let images = [
            listed(&[], "0263829989b6", 0, 0, false),
            listed(&["myimage:latest"], "87428fc52280", 0, 0, false),
            listed(&[], "a3a5e715f0cc", 0, 0, false),
        ];
        assert_eq!(
            render(&images, false, PLAIN).0,
            "IMAGE            ID             DISK USAGE   CONTENT SIZE   EXTRA\n\
             myimage:latest   87428fc52280           0B             0B        \n\
             <untagged>       0263829989b6           0B             0B        \n\
             <untagged>       a3a5e715f0cc           0B             0B        \n"
        );
        // No images: the header alone (list-command-success.simple.golden).
        assert_eq!(
            render(&[], false, PLAIN).0,
            "IMAGE   ID             DISK USAGE   CONTENT SIZE   EXTRA\n"
        );
    }

    /// The samples of ../shared/REFERENCE-DOCKER29.md §1 (sizes from moby#53398; the tree's
    /// name column is as wide as `└─ linux/arm64/v8` in bytes), and the expanded view's
    /// layout of `tree-command-success.mixed-tagged-untagged-with-children.golden`.
    #[test]
    fn in_use_images_get_the_u_and_the_tree_lists_tags_then_platforms() {
        let mut alpine = listed(
            &["alpine:latest"],
            "a8560b36e8b8",
            12_800_000,
            3_990_000,
            true,
        );
        let images = [
            listed(
                &["nginx:latest"],
                "8541484afbc9",
                259_000_000,
                64_300_000,
                false,
            ),
            alpine.clone(),
            listed(&[], "56fa17d2a7e7", 12_800_000, 3_990_000, false),
        ];
        assert_eq!(
            render(&images, false, PLAIN).0,
            "IMAGE           ID             DISK USAGE   CONTENT SIZE   EXTRA\n\
             alpine:latest   a8560b36e8b8       12.8MB         3.99MB   U    \n\
             nginx:latest    8541484afbc9        259MB         64.3MB        \n\
             <untagged>      56fa17d2a7e7       12.8MB         3.99MB        \n"
        );
        let platform = |name: &str, id: &str, available: bool| Platform {
            name: name.into(),
            available,
            details: Details {
                id: digest(id),
                disk_usage: if available { 12_800_000 } else { 0 },
                content_size: if available { 3_990_000 } else { 0 },
                in_use: available,
            },
        };
        alpine.tags.push("alpine:3.21".into());
        alpine.platforms = vec![
            platform("linux/amd64", "1c4eef651f65", false),
            platform("linux/arm64/v8", "757d680068d7", true),
            platform("linux/s390x", "fe0dcdd1f783", false),
        ];
        assert_eq!(
            render(&[alpine], true, PLAIN).0,
            "IMAGE                   ID             DISK USAGE   CONTENT SIZE   EXTRA\n\
             alpine:3.21          \n\
             alpine:latest           a8560b36e8b8       12.8MB         3.99MB   U    \n\
             ├─ linux/amd64          1c4eef651f65           0B             0B        \n\
             ├─ linux/arm64/v8       757d680068d7       12.8MB         3.99MB   U    \n\
             └─ linux/s390x          fe0dcdd1f783           0B             0B        \n\
             \n"
        );
    }

    /// REFERENCE-DOCKER29.md §1, "TTY, 80 columns": the legend right-aligned to the
    /// terminal, bold titles, blue names, the chip.
    #[test]
    fn a_terminal_gets_the_legend_and_colours() {
        let images = [listed(
            &["alpine:latest"],
            "a8560b36e8b8",
            12_800_000,
            3_990_000,
            true,
        )];
        let out = render(
            &images,
            false,
            Screen {
                terminal: true,
                width: 80,
            },
        )
        .0;
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(shown_width(lines[0]), 80);
        assert!(lines[0].starts_with(&" ".repeat(60)));
        assert!(lines[0].ends_with(" In Use"));
        assert!(lines[1].starts_with("\x1b[39m\x1b[1mIMAGE\x1b[0m         "));
        assert!(lines[2]
            .starts_with("\x1b[34m\x1b[1malpine:latest\x1b[0m   \x1b[39ma8560b36e8b8\x1b[0m"));
        assert!(lines[2].ends_with("   \x1b[38;5;0m\x1b[48;5;14m U \x1b[0m  "));
        // Plainly: what the reference shows.
        // The chip is 3 columns in a column of 5 (`EXTRA`).
        assert_eq!(
            plain(lines[2]),
            "alpine:latest   a8560b36e8b8       12.8MB         3.99MB    U   "
        );
        // A narrow terminal drops columns from the right.
        let narrow = render(
            &images,
            false,
            Screen {
                terminal: true,
                width: 40,
            },
        )
        .0;
        let header: String = narrow
            .lines()
            .nth(1)
            .unwrap()
            .replace(TITLE, "")
            .replace(RESET, "");
        assert_eq!(header, "IMAGE          ID             DISK USAGE");
        // The name, wider than the 12 columns left for it, goes on its own line.
        let row: String = narrow
            .lines()
            .nth(2)
            .unwrap()
            .replace(TOP_NAME, "")
            .replace(RESET, "");
        assert_eq!(row, "alpine:latest");
    }
}
