// SPDX-License-Identifier: MIT
#include "ui/widgets/label_panel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QVBoxLayout>

#include <algorithm>

namespace lada::ui {

namespace {
constexpr int kKeyedClasses = 10;
}

LabelPanel::LabelPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_buttons = new QGridLayout;
    layout->addLayout(m_buttons);
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search classes… (Enter labels with the first match)"));
    m_list = new QListWidget(this);
    m_list->setMaximumHeight(110);
    m_search->setToolTip(tr("Type part of a class name; Enter labels the highlighted image with the first match"));
    m_list->setToolTip(tr("Every class: double-click or Enter labels the highlighted image"));
    layout->addWidget(m_search);
    layout->addWidget(m_list);
    auto* row = new QHBoxLayout;
    auto* skip = new QPushButton(tr("Skip (S)"), this);
    skip->setToolTip(tr("The image leaves the pool and is recorded as skipped"));
    auto* undo = new QPushButton(tr("Undo (Ctrl+Z)"), this);
    undo->setToolTip(tr("Takes back the last answer: its image is unanswered again"));
    row->addWidget(skip);
    row->addWidget(undo);
    m_counts = new QLabel(this);
    m_counts->setToolTip(tr("Images labeled and skipped so far, images left in the pool, and answers this round"));
    row->addWidget(m_counts, 1);
    layout->addLayout(row);
    // Buttons must not take the keyboard focus: digit keys go to the window's shortcuts.
    skip->setFocusPolicy(Qt::NoFocus);
    undo->setFocusPolicy(Qt::NoFocus);
    connect(skip, &QPushButton::clicked, this, &LabelPanel::skipRequested);
    connect(undo, &QPushButton::clicked, this, &LabelPanel::undoRequested);
    connect(m_search, &QLineEdit::textChanged, this, &LabelPanel::filterList);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        for (int i = 0; i < m_list->count(); ++i)
            if (!m_list->item(i)->isHidden()) {
                Q_EMIT labelChosen(m_list->item(i)->data(Qt::UserRole).toInt());
                m_search->clear();
                return;
            }
    });
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT labelChosen(item->data(Qt::UserRole).toInt()); });
    setClassNames({});
}

void LabelPanel::setClassNames(const QStringList& names)
{
    m_names = names;
    // Digit-named classes get their own digit's key: a person labeling "5" presses 5, not 6.
    QSet<QString> digits;
    for (const QString& n : names)
        if (n.size() == 1 && n[0].isDigit())
            digits.insert(n);
    m_digitNames = !names.isEmpty() && names.size() <= kKeyedClasses && digits.size() == names.size();
    while (QLayoutItem* item = m_buttons->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (int c = 0; c < std::min<int>(kKeyedClasses, static_cast<int>(names.size())); ++c) {
        const int key = digitForClass(c);
        // A digit-named class is its own key; others show their key before the name.
        auto* button = new QPushButton(m_digitNames ? names[c] : QStringLiteral("%1  %2").arg(key).arg(names[c]), this);
        button->setFocusPolicy(Qt::NoFocus);
        button->setToolTip(tr("Label the highlighted image as %1 (key %2)").arg(names[c]).arg(key));
        connect(button, &QPushButton::clicked, this, [this, c] { Q_EMIT labelChosen(c); });
        m_buttons->addWidget(button, c / 5, c % 5);
    }
    m_list->clear();
    for (int c = 0; c < names.size(); ++c) {
        auto* item = new QListWidgetItem(QStringLiteral("%1  %2").arg(c).arg(names[c]), m_list);
        item->setData(Qt::UserRole, c);
    }
    // The search list is only needed where keys run out.
    const bool many = names.size() > kKeyedClasses;
    m_search->setVisible(many);
    m_list->setVisible(many);
}

int LabelPanel::classForDigit(int digit) const
{
    if (m_digitNames)
        return static_cast<int>(m_names.indexOf(QString::number(digit)));
    const int c = digit == 0 ? 9 : digit - 1;
    return c >= 0 && c < m_names.size() ? c : -1;
}

int LabelPanel::digitForClass(int c) const
{
    if (c < 0 || c >= std::min<int>(kKeyedClasses, static_cast<int>(m_names.size())))
        return -1;
    return m_digitNames ? m_names[c].toInt() : (c + 1) % 10;
}

void LabelPanel::filterList(const QString& text)
{
    for (int i = 0; i < m_list->count(); ++i)
        m_list->item(i)->setHidden(!m_list->item(i)->text().contains(text, Qt::CaseInsensitive));
}

void LabelPanel::setCounts(qint64 labeled, qint64 skipped, qint64 heldOut, qint64 pool, int answered, int queries)
{
    QString text = tr("labeled %1 · skipped %2 · pool %3 · this round %4/%5")
                       .arg(labeled)
                       .arg(skipped)
                       .arg(pool)
                       .arg(answered)
                       .arg(queries);
    if (heldOut > 0)
        text += tr(" · held out %1").arg(heldOut);
    m_counts->setText(text);
}

}  // namespace lada::ui
