// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace lada::ui {

/**
 * The status bar's right side. While the worker is busy: the phase, a progress bar with done / total,
 * the time left and a cancel button. When idle: what the person can do now ("Your turn: 7 of 10 images
 * to label", or "Ready"), with no progress bar and no cancel button.
 */
class StatusPanel : public QWidget {
    Q_OBJECT
public:
    explicit StatusPanel(QWidget* parent = nullptr);

    /** The worker's progress: shows the phase and done of total (total 0: a busy indicator). */
    void setProgress(const QString& phase, qint64 done, qint64 total);
    void setBusy(bool busy);
    /** This round's answers so far of its queries: the idle text asks for the rest. */
    void setTurn(int answered, int queries);
    void setDevice(const QString& device);
    /** A session that cannot be written: the idle text says so and why; empty `reason` clears it. */
    void setReadOnly(const QString& reason);
    /** The text beside the bar: the phase while busy, the idle text when idle. */
    QString phase() const;
    /** What an idle panel says for `answered` of `queries` answered. */
    static QString idleText(int answered, int queries);
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void cancelRequested();

private:
    void showIdle();

    QLabel* m_device;
    QLabel* m_phase;
    QProgressBar* m_bar;
    QLabel* m_timeLeft;
    QPushButton* m_cancel;
    QString m_currentPhase;
    QElapsedTimer m_phaseClock;
    bool m_busy = false;
    int m_answered = 0;
    int m_queries = 0;
    QString m_readOnly;
};

}  // namespace lada::ui
