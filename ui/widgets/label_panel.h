// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QGridLayout;
class QLabel;
class QLineEdit;
class QListWidget;

namespace lada::ui {

/**
 * The oracle's controls: one button per class (keys 1-9 and 0 for the first ten), a searchable class
 * list for the rest, Skip and Undo, and the labeled / skipped / pool counts.
 */
class LabelPanel : public QWidget {
    Q_OBJECT
public:
    explicit LabelPanel(QWidget* parent = nullptr);

    void setClassNames(const QStringList& names);
    void setCounts(qint64 labeled, qint64 skipped, qint64 heldOut, qint64 pool, int answered, int queries);
    /**
     * The class a digit key selects, -1 when there is none. When the classes are named by digits (MNIST's
     * "0".."9"), key d selects the class named d; otherwise by position: '1' -> 0, ..., '9' -> 8, '0' -> 9.
     */
    int classForDigit(int digit) const;
    /** The digit key of class `c` (inverse of classForDigit), -1 when it has none. */
    int digitForClass(int c) const;

Q_SIGNALS:
    void labelChosen(int label);
    void skipRequested();
    void undoRequested();

private:
    void filterList(const QString& text);

    QStringList m_names;
    bool m_digitNames = false;  ///< every keyed class is named by a distinct single digit
    QGridLayout* m_buttons;
    QLineEdit* m_search;
    QListWidget* m_list;
    QLabel* m_counts;
};

}  // namespace lada::ui
