// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace lada::ui {

/** The status bar's right side: the phase, a progress bar, the time left, and a cancel button. */
class StatusPanel : public QWidget {
    Q_OBJECT
public:
    explicit StatusPanel(QWidget* parent = nullptr);

    void setProgress(const QString& phase, qint64 done, qint64 total);
    void setBusy(bool busy);
    void setDevice(const QString& device);
    QString phase() const;

Q_SIGNALS:
    void cancelRequested();

private:
    QLabel* m_device;
    QLabel* m_phase;
    QProgressBar* m_bar;
    QLabel* m_timeLeft;
    QPushButton* m_cancel;
    QString m_currentPhase;
    QElapsedTimer m_phaseClock;
};

}  // namespace lada::ui
