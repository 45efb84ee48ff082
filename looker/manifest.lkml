# The doraform LookML project: reads only the marts (dataset `dora`) that Dataform builds.
# Point it at your warehouse by changing these two constants (the Dataform defaultProject and defaultDataset).
project_name: "doraform"

constant: dora_project {
  value: "doraform-demo"
  export: override_optional
}

constant: dora_dataset {
  value: "dora"
  export: override_optional
}
