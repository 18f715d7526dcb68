// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QDialog>

#include <map>
#include <string>

namespace lada::ui {

/**
 * Edits every setting of the session, built from core's setting table (one editor per setting, named
 * by its key, on a tab per group, its help text as tooltip). Optional values show their unset state in
 * words ("all cores", "random", "paper default") at the bottom of their range. Accepting parses the
 * values through the table; a refused value keeps the dialog open with the table's message.
 */
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const ExperimentConfig& settings, QWidget* parent = nullptr);
    /** The settings as accepted. */
    ExperimentConfig settings() const { return m_settings; }
    /** The editors' values as the table's text (key -> value). */
    std::map<std::string, std::string> values() const;
    /** Sets one editor from the table's text (tests, and a preset); false for an unknown key. */
    bool setValue(const std::string& key, const std::string& value);

    void accept() override;

private:
    ExperimentConfig m_settings;
    std::map<std::string, QWidget*> m_editors;
};

/** Settings remembered between runs (QSettings group "settings", setting-table keys); defaults where none. */
ExperimentConfig loadSettings();
void saveSettings(const ExperimentConfig& settings);

}  // namespace lada::ui
