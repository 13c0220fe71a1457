//! Where the panes go on a terminal of a given size. The app needs it to know how far a page
//! scrolls, the views to draw; neither owns it.

use ratatui::layout::Rect;

/// The smallest terminal the TUI draws in.
pub const MIN_SIZE: (u16, u16) = (40, 10);
/// The subject characters the list keeps beside the page; with less, it goes above the page.
pub const MIN_SUBJECT: u16 = 50;
/// The narrowest page beside the list: a diff line with its numbers and some code.
const MIN_PAGE: u16 = 80;

/// Where the panes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Rect,
    pub page: Rect,
    pub status: Rect,
    pub side_by_side: bool,
}

/// The panes for a `width` x `height` terminal with the list taking `ratio` percent, `badges`
/// columns of each list row before its subject, and `entries` rows in all; `None` when the
/// terminal is too small. The list goes beside the page only when both fit: the list with at
/// least [`MIN_SUBJECT`] characters of subject, the page at least [`MIN_PAGE`] wide; otherwise
/// above it, where every row has the terminal's width, and no taller than its rows.
pub fn layout(width: u16, height: u16, ratio: u16, badges: u16, entries: usize) -> Option<Panes> {
    if width < MIN_SIZE.0 || height < MIN_SIZE.1 {
        return None;
    }
    let main = height - 1;
    let status = Rect::new(0, main, width, 1);
    // The list's right border takes a column.
    let least = badges + MIN_SUBJECT + 1;
    let w = (width * ratio / 100).max(least);
    if width >= w + MIN_PAGE {
        Some(Panes {
            list: Rect::new(0, 0, w, main),
            page: Rect::new(w, 0, width - w, main),
            status,
            side_by_side: true,
        })
    } else {
        let rows = u16::try_from(entries + 1).unwrap_or(u16::MAX);
        let h = (main * ratio / 100).min(rows).clamp(3, main - 4);
        Some(Panes {
            list: Rect::new(0, 0, width, h),
            page: Rect::new(0, h, width, main - h),
            status,
            side_by_side: false,
        })
    }
}

/// The columns of a list row before its subject, for a series of `patches`: the selection
/// mark, the verdict marks (3), the index, the change since the previous version (1, when
/// there is one), the short id (7), the level (1), the kind (2), the findings (3), the files
/// reviewed (1), with the spaces between.
pub fn list_badges(patches: usize, versions: bool) -> u16 {
    let digits = patches.max(1).to_string().len() as u16;
    let version = if versions { 2 } else { 0 };
    1 + 3 + 1 + digits + 1 + version + 7 + 1 + 1 + 2 + 3 + 1 + 1 + 1 + 1
}
