// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace lada::ui {

/** Edits the session settings; the window stores them with saveSettings(). */
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const SessionSettings& settings, QWidget* parent = nullptr);
    SessionSettings settings() const;

private:
    QComboBox* m_strategy;
    QComboBox* m_model;
    QComboBox* m_device;
    QSpinBox* m_budget;
    QSpinBox* m_initial;
    QSpinBox* m_epochs;
    QDoubleSpinBox* m_gamma;
    QSpinBox* m_lambdaSamples;
    QDoubleSpinBox* m_fixedTau;
    QSpinBox* m_policyEpochs;
    QComboBox* m_policyObjective;
    QSpinBox* m_poolSubset;
    QSpinBox* m_threads;
    QSpinBox* m_seed;
    QSpinBox* m_tsnePoints;
    QSpinBox* m_tsneIterations;
};

/** Settings remembered between runs (QSettings, group "session"); defaults where none are stored. */
SessionSettings loadSettings();
void saveSettings(const SessionSettings& settings);

} // namespace lada::ui
