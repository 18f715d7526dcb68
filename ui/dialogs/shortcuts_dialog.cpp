// SPDX-License-Identifier: MIT
#include "ui/dialogs/shortcuts_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lada::ui {

QList<ShortcutRow> cardNavigationKeys()
{
    const QString cards = QObject::tr("Cards");
    return {{cards, QObject::tr("Next card"), QObject::tr("Right, Down or Tab")},
            {cards, QObject::tr("Previous card"), QObject::tr("Left, Up or Shift+Tab")},
            {cards, QObject::tr("Open the image at full size"), QObject::tr("Double-click")}};
}

ShortcutsDialog::ShortcutsDialog(const QList<ShortcutRow>& rows, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(static_cast<int>(rows.size()), 3, this))
{
    setWindowTitle(tr("Keyboard shortcuts"));
    m_table->setHorizontalHeaderLabels({tr("Menu"), tr("Command"), tr("Keys")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setToolTip(tr("Every command with a key, read from the menus"));
    for (int r = 0; r < rows.size(); ++r) {
        m_table->setItem(r, 0, new QTableWidgetItem(rows[r].group));
        m_table->setItem(r, 1, new QTableWidgetItem(rows[r].command));
        m_table->setItem(r, 2, new QTableWidgetItem(rows[r].keys));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(560, 520);
}

}  // namespace lada::ui
