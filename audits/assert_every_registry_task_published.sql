-- Nothing dropped: every task loaded from the registry appears in the research mart.
AUDIT (
  name assert_every_registry_task_published
);

SELECT
  task_code
FROM staging.stg_research_registry__tasks
WHERE
  NOT task_code IN (SELECT task_code FROM @this_model)
