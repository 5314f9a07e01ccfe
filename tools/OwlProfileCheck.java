// Optional OWL 2 DL profile check with the OWL API (Debian package libowlapi-java).
// Run through tools/owl_profile_check.sh. The files are loaded in the order given: load the
// imports first, so that owl:imports resolve to the local copies; nothing is fetched.
// Exit code: 0 in profile, 1 violations, 2 unusable input.
import java.io.File;
import java.util.List;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlProfileCheck {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: OwlProfileCheck IMPORT.ttl ... MAIN.ttl");
            System.exit(2);
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        manager.getOntologyConfigurator()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.THROW_EXCEPTION)
            .setConnectionTimeout(1);
        OWLOntology last = null;
        for (String name : args) {
            last = manager.loadOntologyFromOntologyDocument(new File(name));
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(last);
        List<OWLProfileViolation> violations = report.getViolations();
        for (OWLProfileViolation violation : violations) {
            System.out.println(violation);
        }
        System.out.println(report.isInProfile()
            ? "OWL 2 DL: in profile (" + last.getAxiomCount(org.semanticweb.owlapi.model.parameters.Imports.INCLUDED) + " axioms with imports)"
            : "OWL 2 DL: " + violations.size() + " violation(s)");
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
