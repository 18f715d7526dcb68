// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QTableWidget;

namespace lada::ui {

/** One line of Help ▸ Keyboard shortcuts: where the command lives, what it does, its keys. */
struct ShortcutRow {
    QString group;  ///< "File", "Edit", "Cards"…
    QString command;
    QString keys;  ///< in the platform's spelling (QKeySequence::NativeText)
};

/**
 * The keys the cards view handles itself rather than through a menu action (moving the focus between
 * cards, the λ slider); the window lists them after the menus' shortcuts.
 */
QList<ShortcutRow> cardNavigationKeys();

/** Help ▸ Keyboard shortcuts: a read-only table of `rows`, in their order. GUI thread. */
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QList<ShortcutRow>& rows, QWidget* parent = nullptr);
    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table;
};

}  // namespace lada::ui
