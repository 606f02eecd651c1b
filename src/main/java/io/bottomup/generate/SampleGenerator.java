package io.bottomup.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a realistic landing folder in the canonical formats of INPUTS.md. The organisation has
 * departments of very different sizes (one below the minimum group size), teams with managers, a
 * Q&A platform that departments adopt at different months, chat and wiki activity whose volume
 * depends on each person's level and propensity, four half-yearly appraisal cycles in which helping
 * others nudges ratings up a little, and a training catalogue with modalities and costs. People are
 * named differently by each system (Q&A user ids and chat handles through the identity map, emails in
 * the wiki, LMS ids, emails or employee ids in training).
 *
 * <p>A handful of deliberately broken records (listed in {@link #FAULTS}) exercise quarantine. Same
 * arguments, same bytes: all randomness comes from one seeded generator and nothing depends on the
 * clock or the platform.
 */
public final class SampleGenerator {
  /** The last day the committed sample covers, and so the run date {@code demo} uses. */
  public static final LocalDate SAMPLE_END = LocalDate.of(2026, 10, 31);
  public static final int EMPLOYEES_DEFAULT = 300;
  public static final int MONTHS_DEFAULT = 18;
  public static final long SEED_DEFAULT = 42;

  /** The deliberate faults, one line each, as the sample's README lists them. */
  public static final List<String> FAULTS = List.of(
      "collaboration/qa.jsonl: one truncated JSON line (malformed)",
      "collaboration/qa.jsonl: one event without occurred_at (missing_field)",
      "collaboration/qa.jsonl: one event with action 'upvote' (bad_value)",
      "collaboration/qa.jsonl: one event repeated with the same event_id (duplicate)",
      "collaboration/qa.jsonl: one event by Q&A user u99999, whom no identity maps (unmatched_identity)",
      "collaboration/chat.csv: one reply whose target handle is unknown (staged, counted as unmatched_target)",
      "appraisals/appraisals.csv: one manager_rating of 7 on the 1-5 scale (bad_value)",
      "training/training.csv: one completion before its enrolment (bad_value)",
      "training/training.csv: one learner nobody knows (unmatched_identity)",
      "directory/employees.csv: one manager_id that is not an employee (kept, counted as an unknown manager)");

  private record Department(String name, double share, int adoptionMonth, double culture) {}

  /** Departments: size share, month (from the start) in which it adopts the Q&A platform, culture factor. */
  private static final List<Department> DEPARTMENTS = List.of(
      new Department("Engineering", 0.36, 0, 1.3),
      new Department("Customer Support", 0.18, 3, 1.1),
      new Department("Sales", 0.16, 9, 0.6),
      new Department("Operations", 0.10, 6, 0.8),
      new Department("Finance", 0.07, 12, 0.5),
      new Department("Marketing", 0.07, 5, 0.9),
      new Department("People & HR", 0.04, 8, 0.9),
      new Department("Legal", 0.013, 99, 0.4));

  private static final String[] FIRST = {"Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
      "Kemi", "Liam", "Maya", "Nikos", "Olga", "Pavel", "Qi", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Ximena",
      "Yusuf", "Zoe", "Anil", "Bea", "Carlos", "Dana", "Emil", "Fatima", "Goran", "Hana", "Ivan", "Julia"};
  private static final String[] LAST = {"Smith", "Okafor", "Müller", "Rossi", "Nakamura", "Silva", "Kowalski", "Dubois",
      "Haddad", "Jensen", "Novak", "Garcia", "Ivanova", "Chen", "Patel", "O'Brien", "Fischer", "Larsen", "Moreau",
      "Khan", "Santos", "Berg", "Costa", "Yilmaz", "Andersen", "Popescu", "Horvat", "Lindqvist"};
  private static final String[] LOCATIONS = {"London", "Berlin", "Lisbon", "Warsaw", "Remote"};
  private static final String[] CHANNELS = {"general", "help-tools", "data", "customers", "releases", "random"};
  private static final String[] TAGS = {"sql", "excel", "pricing", "deploy", "onboarding", "contracts", "crm", "python"};

  private record Course(String id, String title, String modality, double hours, double cost) {}

  private static final List<Course> COURSES = List.of(
      new Course("C101", "Onboarding essentials", "elearning", 4, 0),
      new Course("C102", "Data literacy", "elearning", 6, 120),
      new Course("C103", "SQL for analysts", "virtual", 12, 450),
      new Course("C104", "Leading teams", "classroom", 16, 1800),
      new Course("C105", "Negotiation: \"Getting to Yes\", in practice", "classroom", 8, 950),
      new Course("C106", "Customer empathy", "blended", 6, 300),
      new Course("C107", "Security awareness", "elearning", 2, 0),
      new Course("C108", "Effective feedback", "virtual", 4, 250),
      new Course("C109", "Project management fundamentals", "blended", 14, 1200),
      new Course("C110", "Executive coaching", "coaching", 10, 3000),
      new Course("C111", "Writing for the web", "elearning", 3, 90),
      new Course("C112", "Financial modelling", "classroom", 14, 1600));

  private final int employees;
  private final int months;
  private final LocalDate end;
  private final SplittableRandom random;
  /** Rating points per 10 helping or asking actions between reviews; null keeps the sample's own model. */
  private Double plantedEffect;
  private boolean confounded;
  /** Multiplies each person's monthly collaboration (1: the sample's own pace). */
  private double activity = 1;

  public SampleGenerator(int employees, int months, long seed, LocalDate end) {
    if (employees < 10) {
      throw new IllegalArgumentException("employees must be at least 10, got " + employees);
    }
    if (months < 1 || months > 120) {
      throw new IllegalArgumentException("months must be between 1 and 120, got " + months);
    }
    this.employees = employees;
    this.months = months;
    this.end = end;
    this.random = new SplittableRandom(seed);
  }

  private static final class Person {
    String id;
    String email;
    String name;
    Department dept;
    String team;
    String managerId;
    int level;
    String location;
    LocalDate hired;
    LocalDate terminated;
    double hourlyCost;
    double propensity;
    String qaId;
    String handle;
    String lmsId;
    double helping;
    /** Days of this person's questions, answers, replies, comments and edits (for planted effects). */
    private int[] counted = new int[4];
    private int countedSize;

    /**
     * Counts one such action: its day is kept as an int (epoch day), since a 50-million-event folder
     * holds tens of millions of them and the generator's memory must stay bounded by its people.
     */
    void count(LocalDate day) {
      if (countedSize == counted.length) {
        counted = java.util.Arrays.copyOf(counted, countedSize * 2);
      }
      counted[countedSize++] = (int) day.toEpochDay();
    }

    /** Counted actions after {@code from} up to and including {@code to}. */
    long countedBetween(LocalDate from, LocalDate to) {
      long after = from.toEpochDay();
      long upTo = to.toEpochDay();
      long n = 0;
      for (int i = 0; i < countedSize; i++) {
        if (counted[i] > after && counted[i] <= upTo) {
          n++;
        }
      }
      return n;
    }

    boolean employedOn(LocalDate d) {
      return !hired.isAfter(d) && (terminated == null || !terminated.isBefore(d));
    }
  }

  /**
   * Plants a known truth for validating the evidence: each rating change is exactly {@code effect}
   * rating points per 10 helping or asking actions between the two reviews, plus noise. With
   * {@code confounded}, junior people are both more active and improve faster on their own, so a raw
   * comparison shows a gap that is not an effect of the actions.
   */
  /**
   * Scales every person's monthly questions, chat, wiki edits and views by {@code factor}, so an
   * organisation of realistic size reaches the event volumes of a benchmark (the answers, replies and
   * views each of them draws follow).
   */
  public SampleGenerator activity(double factor) {
    if (!(factor > 0 && factor <= 100)) {
      throw new IllegalArgumentException("activity must be above 0 and at most 100, got " + factor);
    }
    this.activity = factor;
    return this;
  }

  public SampleGenerator plant(double effect, boolean confoundedByLevel) {
    this.plantedEffect = effect;
    this.confounded = confoundedByLevel;
    return this;
  }

  /** Writes the landing folder; returns the number of collaboration events written. */
  public long write(Path out) {
    try {
      for (String folder : List.of("directory", "identities", "collaboration", "appraisals", "training")) {
        Files.createDirectories(out.resolve(folder));
      }
      List<Person> people = people();
      writeDirectory(out.resolve("directory/employees.csv"), people);
      writeIdentities(out.resolve("identities/identities.csv"), people);
      long events = writeCollaboration(out.resolve("collaboration"), people);
      writeAppraisals(out.resolve("appraisals/appraisals.csv"), people);
      writeTraining(out.resolve("training/training.csv"), people);
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private YearMonth firstMonth() {
    return YearMonth.from(end).minusMonths(months - 1L);
  }

  // ---------------------------------------------------------------- people

  private List<Person> people() {
    List<Person> people = new ArrayList<>();
    int assigned = 0;
    for (int d = 0; d < DEPARTMENTS.size(); d++) {
      Department dept = DEPARTMENTS.get(d);
      int size = d == DEPARTMENTS.size() - 1 ? Math.max(2, employees - assigned)
          : Math.max(2, (int) Math.round(employees * dept.share()));
      if (d == 0) {
        size += employees - DEPARTMENTS.stream().mapToInt(x -> Math.max(2, (int) Math.round(employees * x.share()))).sum();
      }
      assigned += size;
      addDepartment(people, dept, size);
    }
    return people;
  }

  private void addDepartment(List<Person> people, Department dept, int size) {
    int teams = Math.max(1, size / 9);
    Person head = null;
    List<Person> leads = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Person p = newPerson(people.size() + 1, dept);
      if (i == 0) {
        p.level = Math.min(10, 8 + random.nextInt(2));
        head = p;
        p.team = dept.name() + " leadership";
      } else if (i <= teams && size > 4) {
        p.level = 6 + random.nextInt(2);
        p.managerId = head.id;
        p.team = dept.name() + " " + (char) ('A' + i - 1);
        leads.add(p);
      } else {
        Person lead = leads.isEmpty() ? head : leads.get(i % leads.size());
        p.managerId = lead.id;
        p.team = lead == head ? head.team : lead.team;
      }
      p.hourlyCost = round2(32 + p.level * 8.5 + random.nextDouble() * 10);
      people.add(p);
    }
  }

  private Person newPerson(int n, Department dept) {
    Person p = new Person();
    p.id = String.format(Locale.ROOT, "E%05d", 1000 + n);
    String first = FIRST[random.nextInt(FIRST.length)];
    String last = LAST[random.nextInt(LAST.length)];
    p.name = first + " " + last;
    p.email = (first + "." + last).toLowerCase(Locale.ROOT).replace("'", "").replace("ü", "ue") + n + "@example.com";
    p.dept = dept;
    p.level = 1 + (int) Math.min(8, Math.abs(random.nextGaussian() * 2.0 + 3));
    p.location = LOCATIONS[random.nextInt(LOCATIONS.length)];
    LocalDate start = firstMonth().atDay(1);
    p.hired = random.nextDouble() < 0.12
        ? start.plusDays(random.nextInt(months * 30))
        : start.minusDays(30 + random.nextInt(3000));
    if (random.nextDouble() < 0.08) {
      p.terminated = p.hired.plusDays(90 + random.nextInt(700));
      if (!p.terminated.isBefore(end)) {
        p.terminated = null;
      }
    }
    // Some people never take part in social learning; fewer of them where the culture invites it.
    boolean engaged = random.nextDouble() < Math.min(0.92, 0.35 + 0.4 * dept.culture());
    p.propensity = Math.exp(random.nextGaussian() * 0.6) * dept.culture() * (engaged ? 1 : 0.03);
    if (confounded) {
      p.propensity *= Math.max(0.05, 2.6 - 0.4 * p.level);
    }
    p.qaId = "u" + (4000 + n * 7);
    p.handle = "@" + p.email.substring(0, p.email.indexOf('@')).replace('.', '_');
    p.lmsId = random.nextDouble() < 0.7 ? String.format(Locale.ROOT, "L-%06d", 500 + n * 3) : null;
    return p;
  }

  private void writeDirectory(Path file, List<Person> people) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("employee_id,email,display_name,department,team,manager_id,job_level,location,hire_date,termination_date,hourly_cost\n");
      for (int i = 0; i < people.size(); i++) {
        Person p = people.get(i);
        String manager = i == people.size() / 2 ? "E99999" : p.managerId;
        w.write(csv(p.id, p.email, p.name, p.dept.name(), p.team, manager, String.valueOf(p.level), p.location,
            p.hired.toString(), p.terminated == null ? "" : p.terminated.toString(), String.format(Locale.ROOT, "%.2f", p.hourlyCost)));
      }
    }
  }

  private void writeIdentities(Path file, List<Person> people) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("employee_id,system,external_id\n");
      for (Person p : people) {
        w.write(csv(p.id, "qa", p.qaId));
        w.write(csv(p.id, "chat", p.handle));
        if (p.lmsId != null) {
          w.write(csv(p.id, "lms", p.lmsId));
        }
      }
    }
  }

  // ---------------------------------------------------------------- collaboration

  private long writeCollaboration(Path folder, List<Person> people) throws IOException {
    long n = 0;
    try (BufferedWriter qa = Files.newBufferedWriter(folder.resolve("qa.jsonl"), StandardCharsets.UTF_8);
        BufferedWriter chat = Files.newBufferedWriter(folder.resolve("chat.csv"), StandardCharsets.UTF_8);
        BufferedWriter wiki = Files.newBufferedWriter(folder.resolve("wiki.jsonl"), StandardCharsets.UTF_8)) {
      chat.write("event_id,source,occurred_at,actor,action,thread_id,parent_id,target,space,size\n");
      int seq = 0;
      for (int m = 0; m < months; m++) {
        YearMonth month = firstMonth().plusMonths(m);
        LocalDate mid = month.atDay(15);
        List<Person> here = people.stream().filter(p -> p.employedOn(mid)).toList();
        for (Person p : here) {
          double busy = p.propensity * activity;
          if (m >= p.dept.adoptionMonth()) {
            int questions = poisson(0.22 * busy * (p.level <= 4 ? 1.6 : 0.6));
            for (int q = 0; q < questions; q++) {
              n += writeQuestion(qa, ++seq, month, p, here);
            }
          }
          for (int k = poisson(0.5 * busy); k > 0; k--) {
            n += writeChat(chat, ++seq, month, p, here);
          }
          for (int k = poisson(0.25 * busy * (p.level >= 5 ? 1.5 : 0.8)); k > 0; k--) {
            LocalDateTime at = timeIn(month);
            String page = "page-" + (1 + random.nextInt(120));
            boolean edit = random.nextDouble() < 0.6;
            wiki.write(json(String.format(Locale.ROOT, "w%d", ++seq), "wiki", at, p.email, edit ? "edit" : "comment", page,
                null, null, "handbook", 40 + random.nextInt(2000)));
            p.helping += edit ? 0.5 : 0.2;
            p.count(at.toLocalDate());
            n++;
          }
          for (int k = poisson(0.6 * busy); k > 0; k--) {
            wiki.write(json("w" + (++seq), "wiki", timeIn(month), p.email, "view", "page-" + (1 + random.nextInt(120)), null, null,
                "handbook", null));
            n++;
          }
        }
      }
      n += writeCollaborationFaults(qa, chat, people);
    }
    return n;
  }

  private long writeQuestion(BufferedWriter qa, int seq, YearMonth month, Person asker, List<Person> here) throws IOException {
    LocalDateTime asked = timeIn(month);
    String qid = "q" + seq;
    String tag = TAGS[random.nextInt(TAGS.length)];
    qa.write(json(qid, "qa", asked, asker.qaId, "question", qid, null, null, tag, 80 + random.nextInt(900)));
    asker.count(asked.toLocalDate());
    long n = 1;
    int answers = poisson(1.2 * asker.dept.culture());
    String firstAnswer = null;
    Person firstAuthor = null;
    for (int a = 0; a < answers; a++) {
      Person author = helper(asker, here);
      if (author == null) {
        continue;
      }
      double delayHours = -Math.log(1 - random.nextDouble()) * (asker.dept.culture() > 1 ? 14 : 60);
      String aid = qid + "-a" + (a + 1);
      LocalDateTime answered = asked.plusMinutes((long) (delayHours * 60) + 5);
      qa.write(json(aid, "qa", answered, author.qaId, "answer", qid, qid, null, tag, 120 + random.nextInt(1500)));
      author.count(answered.toLocalDate());
      author.helping += 1;
      n++;
      if (firstAnswer == null) {
        firstAnswer = aid;
        firstAuthor = author;
      }
    }
    if (firstAnswer != null && random.nextDouble() < 0.55) {
      qa.write(json(qid + "-acc", "qa", asked.plusHours(72), asker.qaId, "accept", qid, firstAnswer, firstAuthor.qaId, tag, null));
      n++;
    }
    for (int v = poisson(2.0); v > 0; v--) {
      Person viewer = here.get(random.nextInt(here.size()));
      if (viewer != asker && viewer.dept.adoptionMonth() <= monthIndex(month)) {
        qa.write(json(qid + "-v" + v, "qa", asked.plusHours(1 + random.nextInt(400)), viewer.qaId, "view", qid, null, null, tag, null));
        n++;
      }
    }
    return n;
  }

  private long writeChat(BufferedWriter chat, int seq, YearMonth month, Person author, List<Person> here) throws IOException {
    LocalDateTime at = timeIn(month);
    String channel = CHANNELS[random.nextInt(CHANNELS.length)];
    String postId = "c" + seq;
    chat.write(csv(postId, "chat", iso(at), author.handle, "post", postId, "", "", channel, String.valueOf(20 + random.nextInt(400))));
    long n = 1;
    for (int r = poisson(0.9 * author.dept.culture()); r > 0; r--) {
      Person replier = helper(author, here);
      if (replier == null) {
        continue;
      }
      LocalDateTime replied = at.plusMinutes(3 + random.nextInt(600));
      chat.write(csv(postId + "-r" + r, "chat", iso(replied), replier.handle, "reply", postId, postId,
          "", channel, String.valueOf(10 + random.nextInt(300))));
      replier.count(replied.toLocalDate());
      replier.helping += 0.3;
      n++;
    }
    for (int r = poisson(0.8); r > 0; r--) {
      Person reactor = helper(author, here);
      if (reactor == null) {
        continue;
      }
      chat.write(csv(postId + "-x" + r, "chat", iso(at.plusMinutes(1 + random.nextInt(300))), reactor.handle, "react", postId, postId,
          author.handle, channel, ""));
      n++;
    }
    return n;
  }

  private long writeCollaborationFaults(BufferedWriter qa, BufferedWriter chat, List<Person> people) throws IOException {
    Person a = people.get(3);
    Person b = people.get(5);
    LocalDateTime at = firstMonth().plusMonths(months / 2).atDay(10).atTime(10, 0);
    qa.write("{\"event_id\": \"bad-1\", \"source\": \"qa\", \"occurred_at\": \"" + iso(at) + "\", \"actor\": \"" + a.qaId + "\"\n");
    qa.write(json("bad-2", "qa", null, a.qaId, "question", "bad-2", null, null, "sql", 100));
    qa.write(json("bad-3", "qa", at, a.qaId, "upvote", "bad-3", null, null, "sql", null));
    qa.write(json("dup-1", "qa", at, b.qaId, "question", "dup-1", null, null, "crm", 300));
    qa.write(json("dup-1", "qa", at.plusMinutes(1), b.qaId, "question", "dup-1", null, null, "crm", 300));
    qa.write(json("bad-4", "qa", at, "u99999", "question", "bad-4", null, null, "sql", 120));
    chat.write(csv("bad-5", "chat", iso(at), a.handle, "reply", "c1", "c1", "@nobody_here", "general", "40"));
    return 7;
  }

  /** Someone other than {@code asker} who helps: more senior people and the same department more often. */
  private Person helper(Person asker, List<Person> here) {
    for (int attempt = 0; attempt < 20; attempt++) {
      Person p = here.get(random.nextInt(here.size()));
      if (p == asker) {
        continue;
      }
      double weight = p.propensity * (p.level >= 5 ? 1.5 : 0.7) * (p.dept == asker.dept ? 1.6 : 0.5);
      if (random.nextDouble() < Math.min(1, weight / 2)) {
        return p;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- appraisals and training

  private void writeAppraisals(Path file, List<Person> people) throws IOException {
    YearMonth start = firstMonth();
    String[] cycles = new String[4];
    LocalDate[] dates = new LocalDate[4];
    int firstYear = start.getYear();
    boolean firstHalf = start.getMonthValue() <= 6;
    int year = firstHalf ? firstYear - 1 : firstYear;
    String half = firstHalf ? "H2" : "H1";
    for (int c = 0; c < 4; c++) {
      cycles[c] = year + "-" + half;
      dates[c] = half.equals("H1") ? LocalDate.of(year, 7, 15) : LocalDate.of(year + 1, 1, 20);
      if (half.equals("H2")) {
        year++;
        half = "H1";
      } else {
        half = "H2";
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("employee_id,cycle,review_date,manager_rating,self_rating,goals_met_pct,promoted,competency_gaps\n");
      if (plantedEffect != null) {
        writePlantedRatings(w, people, cycles, dates);
        return;
      }
      boolean faultWritten = false;
      for (Person p : people) {
        double base = 2.6 + p.level * 0.12 + random.nextGaussian() * 0.5;
        for (int c = 0; c < 4; c++) {
          LocalDate review = dates[c];
          if (review.isAfter(end) || !p.employedOn(review) || p.hired.plusDays(90).isAfter(review)) {
            continue;
          }
          double helpingEffect = Math.min(0.6, p.helping / 60.0) * (c + 1) / 4.0;
          int rating = (int) Math.max(1, Math.min(5, Math.round(base + helpingEffect + random.nextGaussian() * 0.45)));
          int self = (int) Math.max(1, Math.min(5, rating + (random.nextDouble() < 0.4 ? 1 : 0)));
          String ratingText = !faultWritten && c == 2 ? "7" : String.valueOf(rating);
          faultWritten |= ratingText.equals("7");
          w.write(csv(p.id, cycles[c], review.toString(), ratingText, String.valueOf(self),
              String.valueOf(Math.min(100, Math.max(0, (int) Math.round(50 + rating * 10 + random.nextGaussian() * 12)))),
              random.nextDouble() < 0.05 * rating / 3 ? "true" : "false", String.valueOf(poisson(1.2))));
        }
      }
    }
  }

  /** Ratings whose changes follow the planted model exactly (one decimal, no deliberate faults). */
  private void writePlantedRatings(BufferedWriter w, List<Person> people, String[] cycles, LocalDate[] dates) throws IOException {
    for (Person p : people) {
      Double previous = null;
      LocalDate previousDate = null;
      for (int c = 0; c < 4; c++) {
        LocalDate review = dates[c];
        if (review.isAfter(end) || !p.employedOn(review) || p.hired.plusDays(90).isAfter(review)) {
          continue;
        }
        double rating;
        if (previous == null) {
          rating = 2.2 + random.nextGaussian() * 0.3;
        } else {
          LocalDate from = previousDate;
          long actions = p.countedBetween(from, review);
          double ownGrowth = confounded ? 0.15 * Math.max(0, 5 - p.level) : 0;
          rating = previous + plantedEffect * actions / 10.0 + ownGrowth + random.nextGaussian() * 0.25;
        }
        rating = Math.round(Math.max(1, Math.min(5, rating)) * 10) / 10.0;
        w.write(csv(p.id, cycles[c], review.toString(), fmt(rating), "", "", "false", "0"));
        previous = rating;
        previousDate = review;
      }
    }
  }

  private void writeTraining(Path file, List<Person> people) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("record_id,learner,course_id,course_title,modality,enrolled_at,completed_at,status,hours,cost,score\n");
      int seq = 0;
      for (Person p : people) {
        for (int k = poisson(months / 6.0 * 0.8); k > 0; k--) {
          Course c = COURSES.get(random.nextInt(COURSES.size()));
          LocalDate enrolled = firstMonth().atDay(1).plusDays(random.nextInt(months * 30));
          if (enrolled.isAfter(end) || !p.employedOn(enrolled)) {
            continue;
          }
          double u = random.nextDouble();
          String status = u < 0.75 ? "completed" : u < 0.85 ? "in_progress" : u < 0.95 ? "withdrawn" : "failed";
          LocalDate completed = enrolled.plusDays(3 + random.nextInt(40));
          boolean done = status.equals("completed") || status.equals("failed");
          if (done && completed.isAfter(end)) {
            status = "in_progress";
            done = false;
          }
          String learner = p.lmsId != null ? p.lmsId : random.nextBoolean() ? p.email.toUpperCase(Locale.ROOT) : p.id;
          w.write(csv(String.format(Locale.ROOT, "T%06d", ++seq), learner, c.id(), c.title(), c.modality(), enrolled.toString(),
              done ? completed.toString() : "", status, fmt(c.hours()), fmt(c.cost()),
              status.equals("completed") ? String.valueOf(60 + random.nextInt(41)) : ""));
        }
      }
      Person p = people.get(7);
      w.write(csv("T900001", p.id, "C102", "Data literacy", "elearning", "2026-03-10", "2026-03-01", "completed", "6", "120", "80"));
      w.write(csv("T900002", "L-999999", "C107", "Security awareness", "elearning", "2026-02-01", "2026-02-02", "completed", "2", "0", "90"));
    }
  }

  // ---------------------------------------------------------------- helpers

  private int monthIndex(YearMonth month) {
    return (int) (month.getYear() * 12L + month.getMonthValue() - (firstMonth().getYear() * 12L + firstMonth().getMonthValue()));
  }

  private LocalDateTime timeIn(YearMonth month) {
    return month.atDay(1 + random.nextInt(month.lengthOfMonth())).atTime(7 + random.nextInt(12), random.nextInt(60), random.nextInt(60));
  }

  private int poisson(double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }

  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

  private static String iso(LocalDateTime t) {
    return t.atOffset(ZoneOffset.UTC).format(ISO);
  }

  private static String json(String id, String source, LocalDateTime at, String actor, String action, String thread, String parent,
      String target, String space, Integer size) {
    StringBuilder b = new StringBuilder("{\"event_id\":\"").append(id).append("\",\"source\":\"").append(source).append('"');
    if (at != null) {
      b.append(",\"occurred_at\":\"").append(iso(at)).append('"');
    }
    b.append(",\"actor\":\"").append(actor).append("\",\"action\":\"").append(action).append('"');
    appendField(b, "thread_id", thread);
    appendField(b, "parent_id", parent);
    appendField(b, "target", target);
    appendField(b, "space", space);
    if (size != null) {
      b.append(",\"size\":").append(size);
    }
    return b.append("}\n").toString();
  }

  private static void appendField(StringBuilder b, String name, String value) {
    if (value != null) {
      b.append(",\"").append(name).append("\":\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
  }

  /** One RFC 4180 row: fields with commas, quotes or line breaks are quoted, quotes doubled. */
  static String csv(String... fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String f = fields[i] == null ? "" : fields[i];
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        b.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        b.append(f);
      }
    }
    return b.append('\n').toString();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
  }

  private static double round2(double d) {
    return Math.round(d * 100) / 100.0;
  }
}
