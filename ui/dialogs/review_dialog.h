// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QTimer;

namespace lada::ui {

class LearnerWorker;
class ReviewModel;

/**
 * "Review labels": the answered images as a grid of thumbnails, sorted by class and round, each with
 * its class and round beneath, filtered by class, round, "skipped only" and a path search. A digit key
 * (or S for skipped, the "Change to" combo, the context menu) changes the selected images' answers,
 * Delete removes them, Ctrl+Z takes back the latest step (the session's one undo history, review edits
 * and answers alike). Non-modal; it talks to the worker only through queued signals and slots, and
 * lists the answers again whenever the worker reports a change. Thumbnails are read lazily on the GUI
 * thread, a few milliseconds per event-loop turn and only for images the grid shows, so a few hundred
 * images stay responsive; an unreadable file shows a placeholder with its path.
 */
class ReviewDialog : public QDialog {
    Q_OBJECT
public:
    /** `worker` lives on its own thread; `classNames` are the session's classes, in class-index order. */
    ReviewDialog(LearnerWorker* worker, const QStringList& classNames, QWidget* parent = nullptr);
    ~ReviewDialog() override;

    /** The answered images as last listed, all of them (unfiltered). */
    const ReviewEntries& entries() const { return m_entries; }
    /** The training rows the grid shows, in grid order (after the filters). */
    QList<qint64> shownRows() const;
    /** Selects the image of training row `row` in the grid (false when the filters hide it). */
    bool selectRow(qint64 row);
    /** The training rows selected in the grid. */
    QList<qint64> selectedRows() const;

public Q_SLOTS:
    /** Shows `entries` (the worker's answersListed), keeping the selection. */
    void showEntries(const lada::ui::ReviewEntries& entries);
    /** Asks the worker for the list again, soon (several reports in a row ask once). */
    void refresh();

Q_SIGNALS:
    void listRequested();
    void changeRequested(qint64 row, int label);
    void removeRequested(qint64 row);
    void undoRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void applyFilters();
    void changeSelected(int label);
    void removeSelected();
    void showContextMenu(const QPoint& at);
    void rebuildRoundCombo();

    QStringList m_classNames;
    ReviewEntries m_entries;
    ReviewModel* m_model = nullptr;
    QListView* m_grid = nullptr;
    QComboBox* m_classFilter = nullptr;
    QComboBox* m_roundFilter = nullptr;
    QCheckBox* m_skippedOnly = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_changeTo = nullptr;
    QLabel* m_status = nullptr;
    QTimer* m_refresh = nullptr;
};

}  // namespace lada::ui
