// SPDX-License-Identifier: MIT
#include "ui/widgets/status_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <algorithm>

namespace lada::ui {

StatusPanel::StatusPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_device = new QLabel(this);
    m_device->setToolTip(tr("Where the model trains (CPU or GPU)"));
    m_phase = new QLabel(this);
    m_phase->setMinimumWidth(160);
    m_phase->setToolTip(tr("What the program is doing, or what it waits for"));
    m_bar = new QProgressBar(this);
    m_bar->setMaximumWidth(220);
    m_bar->setFormat(QStringLiteral("%v / %m"));
    m_bar->setToolTip(tr("Progress of the current phase"));
    m_timeLeft = new QLabel(this);
    m_timeLeft->setMinimumWidth(90);
    m_timeLeft->setToolTip(tr("Estimated time left in this phase"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setFocusPolicy(Qt::NoFocus);
    m_cancel->setToolTip(tr("Stop the current computation (Edit ▸ Resume runs it again)"));
    layout->addWidget(m_device);
    layout->addWidget(m_phase);
    layout->addWidget(m_bar);
    layout->addWidget(m_timeLeft);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, &StatusPanel::cancelRequested);
    showIdle();
}

void StatusPanel::setProgress(const QString& phase, qint64 done, qint64 total)
{
    if (phase != m_currentPhase || done == 0) {
        m_currentPhase = phase;
        m_phaseClock.start();
    }
    m_phase->setText(phase);
    m_bar->show();
    if (total <= 0) {
        m_bar->setRange(0, 0);  // no total: a busy indicator
    } else {
        // Progress bars hold int; scale large totals (60,000 images is fine, but be safe).
        const qint64 scale = total > 1'000'000 ? total / 1'000'000 + 1 : 1;
        m_bar->setRange(0, static_cast<int>(std::max<qint64>(1, total / scale)));
        m_bar->setValue(static_cast<int>(std::min(done, total) / scale));
    }
    const qint64 ms = m_phaseClock.isValid() ? m_phaseClock.elapsed() : 0;
    if (done > 0 && total > done && ms > 500) {
        const double left =
            static_cast<double>(ms) / 1000.0 * static_cast<double>(total - done) / static_cast<double>(done);
        m_timeLeft->setText(left < 60 ? tr("%1 s left").arg(left, 0, 'f', 0)
                                      : tr("%1 min left").arg(left / 60.0, 0, 'f', 1));
    } else {
        m_timeLeft->clear();
    }
}

void StatusPanel::setBusy(bool busy)
{
    m_busy = busy;
    m_cancel->setVisible(busy);
    m_cancel->setEnabled(busy);
    if (!busy)
        showIdle();
}

void StatusPanel::setTurn(int answered, int queries)
{
    m_answered = answered;
    m_queries = queries;
    if (!m_busy)
        showIdle();
}

QString StatusPanel::idleText(int answered, int queries)
{
    if (queries > 0 && answered < queries)
        return tr("Your turn: %1 of %2 images to label").arg(queries - answered).arg(queries);
    return tr("Ready");
}

void StatusPanel::showIdle()
{
    // Nothing runs: no bar, no time left, no percentage of a phase that is over.
    m_phase->setText(m_readOnly.isEmpty() ? idleText(m_answered, m_queries)
                                          : tr("Read only: this session cannot be labeled (%1)").arg(m_readOnly));
    m_timeLeft->clear();
    m_bar->hide();
    m_bar->setRange(0, 1);
    m_bar->setValue(0);
    m_cancel->setVisible(m_busy);
    m_currentPhase.clear();
}

void StatusPanel::setReadOnly(const QString& reason)
{
    m_readOnly = reason;
    if (!m_busy)
        showIdle();
}

void StatusPanel::setDevice(const QString& device)
{
    m_device->setText(device);
}

QString StatusPanel::phase() const
{
    return m_phase->text();
}

}  // namespace lada::ui
