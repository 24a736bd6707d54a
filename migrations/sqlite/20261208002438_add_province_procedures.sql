-- Create "province_procedures" table
CREATE TABLE `province_procedures` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `version` integer NOT NULL DEFAULT (1), `processing_days` integer NOT NULL, `online_service` text NOT NULL DEFAULT ('NONE'), `published_on` datetime NULL, `procedure_id` integer NOT NULL, `unit_id` integer NOT NULL, CONSTRAINT `province_procedures_procedures_province_procedures` FOREIGN KEY (`procedure_id`) REFERENCES `procedures` (`id`) ON DELETE NO ACTION, CONSTRAINT `province_procedures_units_province_procedures` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "province_procedures" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("province_procedures", 94489280512);
-- Create index "provinceprocedure_unit_id_procedure_id" to table: "province_procedures"
CREATE UNIQUE INDEX `provinceprocedure_unit_id_procedure_id` ON `province_procedures` (`unit_id`, `procedure_id`) WHERE archived_at IS NULL;
-- Written by hand: every province lists, from the national catalogue, each
-- procedure already named by dossiers of its units (the province itself, its
-- districts and communes), with the national processing time, so that those
-- units go on receiving them.
INSERT INTO `province_procedures` (`created_at`, `updated_at`, `version`, `processing_days`, `online_service`, `procedure_id`, `unit_id`)
SELECT MIN(d.`created_at`), MIN(d.`created_at`), 1, p.`processing_days`, p.`online_service`, p.`id`, pr.`id`
FROM `dossiers` d
JOIN `units` u ON u.`id` = d.`unit_id`
LEFT JOIN `units` u1 ON u1.`id` = u.`parent_id`
JOIN `units` pr ON pr.`level` = 'PROVINCE' AND (pr.`id` = u.`id` OR pr.`id` = u.`parent_id` OR pr.`id` = u1.`parent_id`)
JOIN `procedures` p ON p.`id` = d.`procedure_id`
GROUP BY pr.`id`, p.`id`, p.`processing_days`, p.`online_service`;
