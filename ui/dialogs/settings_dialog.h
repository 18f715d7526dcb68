// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QDialog>

#include <functional>
#include <map>
#include <string>

class QComboBox;
class QLabel;

namespace lada {
struct SettingSpec;
}

namespace lada::ui {

/**
 * Edits every setting of the session, built from core's setting table (one editor per setting, named
 * by its key, on a tab per group, its help text as tooltip). Optional values show their unset state in
 * words ("all cores", "random", "paper default") at the bottom of their range. A "Preset:" combo on top
 * (None and core's presetList, as lada-cli --preset) fills the editors from presetSettings; the backbone
 * setting gets a Browse… button for the model file. Accepting parses the values through the table; a
 * refused value keeps the dialog open with the table's message.
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
    /**
     * Fills the editors from preset `name` ("paper", "cpu-fast"; empty = None): every key some preset sets
     * first returns to the value the dialog opened with, so that no earlier choice lingers. Selects it in
     * the combo; false for an unknown name.
     */
    bool choosePreset(const std::string& name);
    /** The preset the combo shows, empty for None. */
    std::string preset() const;

    void accept() override;

    /** The Browse… button's file filter for model files (TorchScript and ONNX). */
    static QString modelFileFilter();
    /**
     * Replaces the Browse… button's file dialog (given the folder to start in, returns the chosen file or
     * an empty string): tests answer it without a modal dialog.
     */
    void setModelFileChooser(std::function<QString(const QString& startFolder)> chooser)
    {
        m_chooseModel = std::move(chooser);
    }

private:
    /** The editor's row in its form: the editor, or for a model file the editor with a Browse… button. */
    QWidget* fieldFor(const SettingSpec& spec, QWidget* editor);
    /** The combo's preset chosen (index 0 = None): the editors take its values. */
    void fillFromPreset(int comboIndex);
    /** Says under the combo which keys the preset sets, to which values. */
    void describePreset(int comboIndex);
    /** presetSettings of the combo's entry; empty for None. */
    static std::map<std::string, std::string> presetValues(int comboIndex);
    /** The combo index of the preset `settings` already follow (every key equal), 0 = None. */
    static int matchingPreset(const ExperimentConfig& settings);

    ExperimentConfig m_settings;
    std::map<std::string, QWidget*> m_editors;
    std::map<std::string, std::string> m_opened;  ///< the editors' values when the dialog opened
    QComboBox* m_preset = nullptr;
    std::function<QString(const QString&)> m_chooseModel;  ///< empty: QFileDialog::getOpenFileName
    QLabel* m_presetInfo = nullptr;
};

/** Settings remembered between runs (QSettings group "settings", setting-table keys); defaults where none. */
ExperimentConfig loadSettings();
void saveSettings(const ExperimentConfig& settings);

}  // namespace lada::ui
